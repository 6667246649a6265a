using CallCenter.Grpc.V1;
using Grpc.Core;

namespace CallCenter.Grpc.Tests;

/// <summary>The same system with a tiny event log (segments of 4, at most 8 events), so retention drops segments.</summary>
public sealed class ShortRetentionSystem : GrpcSystem
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Management:EventLog:SegmentSize"] = "4",
        ["Management:EventLog:MaxEvents"] = "8",
    };
}

/// <summary>Bounded retention: what was dropped is reported, never silently skipped.</summary>
public sealed class RetentionTests(ShortRetentionSystem system) : IClassFixture<ShortRetentionSystem>
{
    [Fact]
    public async Task A_position_older_than_the_retention_is_POSITION_EXPIRED_unless_the_gap_is_accepted()
    {
        var agent = (await system.AgentsAsync(system.Demo, system.Unique("rp"), 1)).Single();
        for (var i = 0; i < 20; i++)
            await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, WorkStatus = i % 2 == 0 ? WorkStatus.Busy : WorkStatus.Idle });
        await system.Silo.SettleAsync();
        var position = await system.Demo.Events.GetPositionAsync(new GetPositionRequest());
        Assert.True(position.LastPosition >= 20);
        Assert.True(position.OldestPosition > 1);
        // At most MaxEvents plus the segment being filled.
        Assert.True(position.LastPosition - position.OldestPosition + 1 <= 8 + 4);
        Assert.Equal(0UL, (position.OldestPosition - 1) % 4);

        var info = await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, "POSITION_EXPIRED", async () =>
        {
            using var call = system.Demo.Events.Subscribe(new SubscribeRequest { AfterPosition = 1 });
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(position.OldestPosition.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["oldest_position"]);

        var accepted = await ReplayAsync(new SubscribeRequest { AfterPosition = 1, AcceptGap = true, UntilPosition = position.LastPosition });
        Assert.Equal(position.OldestPosition, accepted[0].Position);
        Assert.True(accepted[0].GapBefore);
        Assert.All(accepted.Skip(1), e => Assert.False(e.GapBefore));
        Assert.Equal(Enumerable.Range((int)position.OldestPosition, (int)(position.LastPosition - position.OldestPosition + 1)).Select(p => (ulong)p), accepted.Select(e => e.Position));

        // 0 is "from the oldest retained", not a gap.
        var fromOldest = await ReplayAsync(new SubscribeRequest { AfterPosition = 0, UntilPosition = position.LastPosition });
        Assert.Equal(accepted.Select(e => e.Position), fromOldest.Select(e => e.Position));
        Assert.False(fromOldest[0].GapBefore);
    }

    private async Task<List<Event>> ReplayAsync(SubscribeRequest request)
    {
        using var call = system.Demo.Events.Subscribe(request, deadline: DateTime.UtcNow.AddSeconds(30));
        var events = new List<Event>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);
        return events;
    }
}
