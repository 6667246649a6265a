namespace CallCenter.Storage.Tests.Contract;

/// <summary>The part of the reminder store contract only durable stores meet: what was acknowledged is still there for a
/// new instance (a restarted process).</summary>
public abstract class DurableReminderStoreContractTests : ReminderStoreContractTests
{
    [Fact]
    public async Task Reminders_written_by_one_instance_are_read_back_by_a_new_instance_after_the_first_is_closed()
    {
        var first = await OpenAsync();
        var entry = new StoredReminder("agent", "tenant1:1001", "acw", new DateTimeOffset(2025, 1, 2, 3, 4, 5, 6, 7, TimeSpan.Zero), TimeSpan.FromSeconds(30));
        var etag = await first.Store.UpsertAsync(entry);
        await first.Store.UpsertAsync(entry with { Name = "removed" });
        await first.Store.RemoveAsync(entry.GrainType, entry.GrainKey, "removed");
        await first.DisposeAsync();

        var restarted = await OpenAsync();

        Assert.Equal([entry with { ETag = etag }], await restarted.Store.ReadAllAsync());
    }
}
