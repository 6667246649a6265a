namespace CallCenter.Runtime.Streams;

/// <summary>
/// Implemented by a grain class with <see cref="ImplicitStreamSubscriptionAttribute"/> to receive stream items as turns
/// of its mailbox (Orleans: <c>IAsyncObserver&lt;T&gt;</c>). A class may implement it for several item types; an item goes
/// to the implementation whose type it is assignable to.
/// </summary>
public interface IAsyncObserver<in T>
{
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>Not raised by this runtime (streams here never end); present for Orleans compatibility.</summary>
    Task OnCompletedAsync() => Task.CompletedTask;

    /// <summary>Not raised by this runtime; present for Orleans compatibility.</summary>
    Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
