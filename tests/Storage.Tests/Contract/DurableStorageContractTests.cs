using System.Text;
using CallCenter.Runtime.Storage;

namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// The part of the contract only durable providers meet: what was acknowledged is still there for a new instance (a
/// restarted process), and separate instances on the same data (separate processes) still never lose an update.
/// </summary>
public abstract class DurableStorageContractTests : StorageContractTests
{
    [Fact]
    public async Task State_written_by_one_instance_is_read_back_by_a_new_instance_after_the_first_is_closed()
    {
        var first = await OpenAsync();
        var id = NewId();
        var payload = new byte[100_000];
        new Random(7).NextBytes(payload);
        var etag = await first.Storage.WriteAsync(id, payload, null);
        var cleared = NewId();
        await first.Storage.ClearAsync(cleared, await first.Storage.WriteAsync(cleared, Bytes("gone"), null));
        await first.DisposeAsync();

        var restarted = await OpenAsync();
        var stored = await restarted.Storage.ReadAsync(id);

        Assert.NotNull(stored);
        Assert.Equal(payload, stored.Payload);
        Assert.Equal(etag, stored.ETag);
        Assert.Null(await restarted.Storage.ReadAsync(cleared));
        // The ETag is as good after the restart as before it.
        await restarted.Storage.WriteAsync(id, Bytes("after restart"), etag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => restarted.Storage.WriteAsync(id, Bytes("stale"), etag));
    }

    [Fact]
    public async Task Reminders_written_by_one_instance_are_read_back_by_a_new_instance_after_the_first_is_closed()
    {
        var first = await OpenAsync();
        var entry = new ReminderEntry("agent", "tenant1:1001", "acw", new DateTimeOffset(2025, 1, 2, 3, 4, 5, 6, 7, TimeSpan.Zero), TimeSpan.FromSeconds(30));
        var etag = await first.Reminders.UpsertAsync(entry);
        await first.Reminders.UpsertAsync(entry with { Name = "removed" });
        await first.Reminders.RemoveAsync(entry.GrainType, entry.GrainKey, "removed");
        await first.DisposeAsync();

        var restarted = await OpenAsync();

        Assert.Equal([entry with { ETag = etag }], await restarted.Reminders.ReadAllAsync());
    }

    [Fact]
    public async Task Racing_writers_on_two_instances_of_the_same_store_lose_no_update()
    {
        const int writers = 20, incrementsEach = 5;
        var instances = new[] { await OpenAsync(), await OpenAsync() };
        var id = NewId();
        await instances[0].Storage.WriteAsync(id, Bytes("0"), null);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var storage = instances[writer % 2].Storage;
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var current = await storage.ReadAsync(id);
                    var count = int.Parse(Encoding.UTF8.GetString(current!.Payload), System.Globalization.CultureInfo.InvariantCulture);
                    try
                    {
                        await storage.WriteAsync(id, Bytes((count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), current.ETag);
                        break;
                    }
                    catch (InconsistentStateException)
                    {
                    }
                }
            }
        })));

        Assert.Equal((writers * incrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), Text(await instances[1].Storage.ReadAsync(id)));
    }

    [Fact]
    public async Task Of_creators_racing_on_two_instances_exactly_one_wins()
    {
        var instances = new[] { await OpenAsync(), await OpenAsync() };
        var id = NewId();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(writer => Task.Run(async () =>
        {
            try
            {
                return await instances[writer % 2].Storage.WriteAsync(id, Bytes($"writer {writer}"), null);
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, (await instances[0].Storage.ReadAsync(id))!.ETag);
    }
}
