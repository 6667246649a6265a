using CallCenter.Runtime.Storage;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class PersistenceTests
{
    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task State_is_read_before_activation_and_survives_deactivation(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        await using var silo = await TestSilo.StartAsync(storage: storage);
        var seat = silo.Grain<ISeatGrain>("tenant1:seat-1");

        await seat.Login("alice");
        await seat.Deactivate();
        var view = await seat.Get();

        Assert.Equal("alice", view.Agent);
        Assert.Equal(1, view.Logins);
        Assert.True(view.RecordExists);
        Assert.NotNull(view.Etag);
        Assert.Equal(
            ["seat/tenant1:seat-1 activated: agent=none logins=0 exists=False", "seat/tenant1:seat-1 activated: agent=alice logins=1 exists=True"],
            silo.Probe.EventsStartingWith("seat/"));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task State_survives_a_full_host_restart(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        await using (var first = await TestSilo.StartAsync(storage: storage))
        {
            await first.Grain<ISeatGrain>("tenant1:seat-2").Login("bob");
            await first.Grain<ISeatGrain>("tenant1:seat-2").Login("carol");
            await first.Grain<IBoardGrain>("tenant1:board-1").Rename("front desk");
            await first.Grain<IBoardGrain>("tenant1:board-1").Note("vip line");
            await first.Grain<ITallyGrain>("tenant1:tally").Add(5);
            await first.Grain<ITallyGrain>("tenant1:tally").Add(7);
        }

        await using var second = await TestSilo.StartAsync(storage: storage);
        var seat = await second.Grain<ISeatGrain>("tenant1:seat-2").Get();
        Assert.Equal("carol", seat.Agent);
        Assert.Equal(["bob", "carol"], seat.History);
        var board = await second.Grain<IBoardGrain>("tenant1:board-1").Get();
        Assert.Equal(new BoardLayout("front desk", 1), board.Layout);
        Assert.Equal(["vip line"], board.Notes);
        // The tally only writes in OnDeactivateAsync, which the first host's shutdown ran.
        Assert.Equal(12, await second.Grain<ITallyGrain>("tenant1:tally").GetTotal());
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task A_write_that_lost_an_etag_race_throws_and_keeps_the_newer_state(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        // Two hosts over one store, both with an activation of the same seat: the situation ETags exist for.
        await using var left = await TestSilo.StartAsync(storage: storage);
        await using var right = await TestSilo.StartAsync(storage: storage);
        var onLeft = left.Grain<ISeatGrain>("tenant1:contested");
        var onRight = right.Grain<ISeatGrain>("tenant1:contested");
        await onLeft.Login("alice");
        await onRight.Get(); // reads alice's version
        await onLeft.Login("bob"); // now the right side's ETag is stale

        await onRight.SetAgentWithoutWriting("mallory");
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => onRight.Write());
        Assert.Contains("contested", conflict.Message);

        var stored = await storage.GrainStorage.ReadAsync(new GrainStateId("seat", "tenant1:contested", "seat"));
        Assert.NotNull(stored);
        Assert.Contains("bob", System.Text.Encoding.UTF8.GetString(stored.Payload));
        Assert.DoesNotContain("mallory", System.Text.Encoding.UTF8.GetString(stored.Payload));
        // The losing activation was deactivated, so the next call starts from what is stored.
        var reloaded = await onRight.Get();
        Assert.Equal("bob", reloaded.Agent);
        Assert.Equal(2, reloaded.Logins);
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task Clearing_state_removes_the_record(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        await using var silo = await TestSilo.StartAsync(storage: storage);
        var seat = silo.Grain<ISeatGrain>("tenant1:seat-3");
        await seat.Login("dave");

        await seat.Clear();
        var cleared = await seat.Get();
        await seat.Login("erin"); // a write after a clear expects no record

        Assert.Null(cleared.Agent);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.Etag);
        Assert.Equal(1, (await seat.Get()).Logins);
    }

    [Fact]
    public async Task A_missing_storage_provider_fails_activation_with_a_clear_message()
    {
        await using var silo = await TestSilo.StartAsync(services: services =>
        {
            foreach (var descriptor in services.Where(d => d.IsKeyedService && Equals(d.ServiceKey, "Secondary")).ToList()) services.Remove(descriptor);
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grain<IBoardGrain>("tenant1:board-x").Get());

        Assert.Contains("'Secondary'", error.Message);
        Assert.Contains("IGrainStorage", error.Message);
    }
}
