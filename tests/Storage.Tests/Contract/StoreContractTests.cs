namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// What the store contracts share: a subclass says how to open a fresh, empty store; xunit makes a new instance of the
/// class per test, so each test starts from an empty store, and every instance opened is closed afterwards.
/// </summary>
public abstract class StoreContractTests<TStore> : IAsyncLifetime
{
    private readonly List<StoreUnderTest<TStore>> _opened = [];

    /// <summary>The instance opened first.</summary>
    protected TStore Store { get; private set; } = default!;

    /// <summary>Opens an instance on this test's store: the first call creates the (empty) store; durable providers
    /// open further, independent instances (own pools, as another process would) on the same data.</summary>
    protected abstract Task<StoreUnderTest<TStore>> OpenInstanceAsync();

    /// <summary>Removes this test's store once every instance is closed.</summary>
    protected virtual Task DeleteStoreAsync() => Task.CompletedTask;

    protected async Task<StoreUnderTest<TStore>> OpenAsync()
    {
        var instance = await OpenInstanceAsync();
        _opened.Add(instance);
        return instance;
    }

    public async Task InitializeAsync() => Store = (await OpenAsync()).Store;

    public async Task DisposeAsync()
    {
        foreach (var instance in _opened) await instance.DisposeAsync();
        await DeleteStoreAsync();
    }
}
