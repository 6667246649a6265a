using System.Text;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// The part of the grain state contract only durable stores meet: what was acknowledged is still there for a new instance (a
/// restarted process), and separate instances on the same data (separate processes) still never lose an update.
/// </summary>
public abstract class DurableGrainStateStoreContractTests : GrainStateStoreContractTests
{
    [Fact]
    public async Task State_written_by_one_instance_is_read_back_by_a_new_instance_after_the_first_is_closed()
    {
        var first = await OpenAsync();
        var id = NewId();
        var payload = new byte[100_000];
        new Random(7).NextBytes(payload);
        var etag = await first.Store.WriteAsync(id, payload, null);
        var cleared = NewId();
        await first.Store.ClearAsync(cleared, await first.Store.WriteAsync(cleared, Bytes("gone"), null));
        await first.DisposeAsync();

        var restarted = await OpenAsync();
        var stored = await restarted.Store.ReadAsync(id);

        Assert.NotNull(stored);
        Assert.Equal(payload, stored.Payload);
        Assert.Equal(etag, stored.ETag);
        Assert.Null(await restarted.Store.ReadAsync(cleared));
        // The ETag is as good after the restart as before it.
        await restarted.Store.WriteAsync(id, Bytes("after restart"), etag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => restarted.Store.WriteAsync(id, Bytes("stale"), etag));
    }

    [Fact]
    public async Task Racing_writers_on_two_instances_of_the_same_store_lose_no_update()
    {
        const int writers = 20, incrementsEach = 5;
        var instances = new[] { await OpenAsync(), await OpenAsync() };
        var id = NewId();
        await instances[0].Store.WriteAsync(id, Bytes("0"), null);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var storage = instances[writer % 2].Store;
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

        Assert.Equal((writers * incrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), Text(await instances[1].Store.ReadAsync(id)));
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
                return await instances[writer % 2].Store.WriteAsync(id, Bytes($"writer {writer}"), null);
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, (await instances[0].Store.ReadAsync(id))!.ETag);
    }
}
