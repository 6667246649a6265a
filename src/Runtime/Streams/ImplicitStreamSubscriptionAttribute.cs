namespace CallCenter.Runtime.Streams;

/// <summary>
/// Subscribes every grain of the class to the streams of <see cref="Namespace"/> whose key equals the grain's key: each
/// item published there is delivered through the grain's mailbox (activating it if needed), in order, to its
/// <see cref="IAsyncObserver{T}"/> implementation (Orleans: <c>[ImplicitStreamSubscription("ns")]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string streamNamespace) : Attribute
{
    public string Namespace { get; } = streamNamespace;
}
