namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>The end-to-end classes share one running system per configuration (starting one per class would cost more
/// than the tests themselves); classes of one collection run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StompSystemCollection : ICollectionFixture<StompServerFixture>
{
    public const string Name = "STOMP system";
}

[CollectionDefinition(Name)]
public sealed class TightStompSystemCollection : ICollectionFixture<TightStompServerFixture>
{
    public const string Name = "STOMP system, tight limits";
}
