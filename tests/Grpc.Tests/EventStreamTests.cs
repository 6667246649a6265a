using System.Collections.Concurrent;
using CallCenter.Grpc.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CallCenter.Grpc.Tests;

/// <summary>EventService.Subscribe: durable positions, resume without loss or reordering, filters, isolation.</summary>
[Collection(GrpcCollection.Name)]
public sealed class EventStreamTests(GrpcSystem system)
{
    /// <summary>Reads a stream into a queue until it ends or is cancelled.</summary>
    private sealed class Reader : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Reader(Clients clients, SubscribeRequest request, DateTime? deadline = null)
        {
            var call = clients.Events.Subscribe(request, deadline: deadline, cancellationToken: _stop.Token);
            _loop = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in call.ResponseStream.ReadAllAsync(_stop.Token)) Events.Enqueue(e);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && _stop.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
                finally
                {
                    call.Dispose();
                }
            });
        }

        public ConcurrentQueue<Event> Events { get; } = new();

        public Task Completion => _loop;

        public async Task<List<Event>> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return [.. Events];
        }

        /// <summary>Waits (real time) until an event at or past <paramref name="position"/> arrived.</summary>
        public async Task WaitForAsync(ulong position, TimeSpan? timeout = null)
        {
            var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (!Events.Any(e => e.Position >= position))
            {
                if (DateTime.UtcNow > until) throw new TimeoutException($"no event at position {position}; last {Events.LastOrDefault()?.Position}");
                if (_loop.IsCompleted) await _loop;
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _loop; } catch (RpcException) { }
            _stop.Dispose();
        }
    }

    private static async Task<List<Event>> ReplayAsync(Clients clients, SubscribeRequest request)
    {
        using var call = clients.Events.Subscribe(request, deadline: DateTime.UtcNow.AddSeconds(30));
        var events = new List<Event>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);
        return events;
    }

    private async Task<ulong> LastPositionAsync(Clients clients) => (await clients.Events.GetPositionAsync(new GetPositionRequest())).LastPosition;

    [Fact]
    public async Task An_inbound_campaigns_queue_is_streamed_as_queue_events()
    {
        var project = system.Unique("qp");
        await system.AgentsAsync(system.Demo, project, 1);
        var callers = new CallCenter.Telephony.Simulated.PstnProfile
        {
            AnswerProbability = 1,
            Patience = CallCenter.Telephony.Simulated.DurationDistribution.Never,
            TalkTime = CallCenter.Telephony.Simulated.DurationDistribution.Fixed(TimeSpan.FromSeconds(20)),
        };
        var gw = await system.GatewayAsync(system.Demo, 10, callers);
        var campaign = system.Unique("qc");
        var number = "40090" + campaign.Length.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + system.Unique("").PadLeft(4, '0');
        await system.Demo.Campaigns.CreateCampaignAsync(new CreateCampaignRequest
        {
            CampaignCode = campaign, ProjectCode = project, Type = CampaignType.Inbound, Gateways = { new CampaignGateway { GwCode = gw, Concurrency = 10 } },
            Rate = 1, ExpiresAt = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)), InboundNumbers = { number },
        });
        await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign });
        var start = await LastPositionAsync(system.Demo);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(system.Network.PlaceInboundCall($"139100000{i:00}", number, $"demo-gw-{gw}"));
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        }
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(2));

        var queue = (await ReplayAsync(system.Demo, new SubscribeRequest { AfterPosition = start, Kinds = { EventKind.Queue }, UntilPosition = await LastPositionAsync(system.Demo) }))
            .Where(e => e.Queue.CampaignCode == campaign).ToList();
        Assert.NotEmpty(queue);
        Assert.All(queue, e => Assert.Equal(project, e.ProjectCode));
        Assert.Contains(queue, e => e.Queue.Waiting >= 1 && e.Queue.OldestWaitingSince is not null);
        Assert.Contains(queue, e => e.Queue.Offered == 1);
        Assert.Equal((0, 0), (queue[^1].Queue.Waiting, queue[^1].Queue.Offered));
    }

    [Fact]
    public async Task A_subscriber_that_disconnects_mid_campaign_and_resumes_from_its_position_misses_and_repeats_nothing()
    {
        var project = system.Unique("ep");
        await system.AgentsAsync(system.Demo, project, 3);
        var gw = await system.GatewayAsync(system.Demo, 10, CampaignAndCallTests.Customers());
        var list = "list-" + project;
        await system.Demo.Campaigns.ImportNumbersAsync(new ImportNumbersRequest { CallListId = list, Numbers = { CampaignAndCallTests.Numbers(30, 1000) } });
        var campaign = system.Unique("c");
        await system.Demo.Campaigns.CreateCampaignAsync(new CreateCampaignRequest
        {
            CampaignCode = campaign, ProjectCode = project, Type = CampaignType.Predictive, Pacing = PacingMode.Progressive, Rate = 1,
            Gateways = { new CampaignGateway { GwCode = gw, Concurrency = 5 } }, CallListId = list, ExpiresAt = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)),
        });
        var start = await LastPositionAsync(system.Demo);
        var filter = new SubscribeRequest { AfterPosition = start, ProjectCodes = { project } };

        // One subscriber stays connected throughout; the other leaves after a few calls ended and comes back later.
        await using var steady = new Reader(system.Demo, filter);
        var leaving = new Reader(system.Demo, filter);
        await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign });
        for (var i = 0; i < 720 && leaving.Events.Count(IsLogged) < 5; i++)
        {
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(2));
            await Task.Delay(10);
        }
        var firstPart = await leaving.StopAsync();
        Assert.True(firstPart.Count(IsLogged) >= 5, $"only {firstPart.Count(IsLogged)} calls ended before the disconnect");
        var resumeFrom = firstPart[^1].Position;

        // Events go on while nobody of the second subscriber listens.
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        await using var resumed = new Reader(system.Demo, new SubscribeRequest { AfterPosition = resumeFrom, ProjectCodes = { project } });
        var status = await CampaignAndCallTests.RunUntilEndedAsync(system, system.Demo, campaign, TimeSpan.FromHours(1));
        Assert.Equal(CampaignState.Ended, status.State);
        await system.Silo.SettleAsync();
        // The log's own answer, replayed up to its end: what both live subscribers must have had.
        var last = await LastPositionAsync(system.Demo);
        var replay = await ReplayAsync(system.Demo, new SubscribeRequest { AfterPosition = start, ProjectCodes = { project }, UntilPosition = last });
        await steady.WaitForAsync(replay[^1].Position);
        await resumed.WaitForAsync(replay[^1].Position);

        var all = steady.Events.ToList();
        Assert.Equal(replay.Select(e => e.ToString()), all.Select(e => e.ToString()));
        var joined = firstPart.Concat(resumed.Events).ToList();
        // Strictly increasing positions (no repeat, no reordering) and exactly the steady subscriber's events.
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position));
        Assert.Equal(all.Select(e => e.Position), joined.Select(e => e.Position));
        Assert.Equal(all.Select(e => e.ToString()), joined.Select(e => e.ToString()));
        Assert.Contains(all, e => e.Kind == EventKind.AgentState);
        Assert.Contains(all, e => e.Kind == EventKind.Campaign && e.Campaign.Progress);
        Assert.Contains(all, e => e.Kind == EventKind.Campaign && !e.Campaign.Progress && e.Campaign.Status == 4);

        // Every call of the campaign ended exactly once in the stream, as the call logs have it.
        var logs = await system.Demo.Calls.ListCallLogsAsync(new ListCallLogsRequest { CampaignCode = campaign, PageSize = 1000 });
        Assert.Equal(30, logs.Total);
        var logged = joined.Where(IsLogged).Select(e => LogOf(e)).ToList();
        Assert.Equal(logs.Items.Select(l => l.CallId).Order(), logged.Select(l => l.CallId).Order());
        foreach (var row in logs.Items)
        {
            var fromStream = logged.Single(l => l.CallId == row.CallId);
            Assert.Equal(row.Result, fromStream.Result);
            Assert.Equal(row.ResultDetail, fromStream.ResultDetail);
            Assert.Equal(row.DestinationNumber, fromStream.DestinationNumber);
        }
    }

    private static bool IsLogged(Event e) => e.Kind == EventKind.Call && e.Call.Phase == CallPhase.Logged;

    private static CallLog LogOf(Event e) => e.Call.CallLog;

    [Fact]
    public async Task Positions_are_durable_per_tenant_and_a_stream_replays_from_any_of_them()
    {
        var project = system.Unique("ep");
        var before = await LastPositionAsync(system.Demo);
        var agents = await system.AgentsAsync(system.Demo, project, 2);
        await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agents[0], WorkStatus = WorkStatus.Busy });
        await system.Silo.SettleAsync();
        var after = await LastPositionAsync(system.Demo);
        Assert.True(after > before);

        await using var all = new Reader(system.Demo, new SubscribeRequest { AfterPosition = before, ProjectCodes = { project } });
        await all.WaitForAsync(after);
        var events = all.Events.ToList();
        Assert.All(events, e => Assert.Equal(project, e.ProjectCode));
        Assert.Equal(EventKind.AgentState, events[^1].Kind);
        Assert.Equal(agents[0], events[^1].Username);
        Assert.Equal(WorkStatus.Busy, events[^1].AgentState.Agent.WorkStatus);

        // From the middle: exactly the rest; a bounded replay ends by itself.
        var middle = events[events.Count / 2].Position;
        var rest = await ReplayAsync(system.Demo, new SubscribeRequest { AfterPosition = middle, ProjectCodes = { project }, UntilPosition = after });
        Assert.Equal(events.Where(e => e.Position > middle).Select(e => e.Position), rest.Select(e => e.Position));

        // The log is durable: after a restart of the whole host the same positions hold the same events.
        await system.Silo.RestartAsync();
        var replayed = await ReplayAsync(system.Demo, new SubscribeRequest { AfterPosition = before, ProjectCodes = { project }, UntilPosition = after });
        Assert.Equal(events.Select(e => e.ToString()), replayed.Select(e => e.ToString()));
        Assert.True(await LastPositionAsync(system.Demo) >= after);
    }

    [Fact]
    public async Task Filters_by_kind_and_agent_pass_only_matching_events()
    {
        var project = system.Unique("ep");
        var before = await LastPositionAsync(system.Demo);
        var agents = await system.AgentsAsync(system.Demo, project, 2);
        await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agents[1], WorkStatus = WorkStatus.Busy });
        await system.Silo.SettleAsync();
        var after = await LastPositionAsync(system.Demo);

        await using var one = new Reader(system.Demo, new SubscribeRequest { AfterPosition = before, Usernames = { agents[1] }, Kinds = { EventKind.AgentState } });
        await using var campaigns = new Reader(system.Demo, new SubscribeRequest { AfterPosition = before, Kinds = { EventKind.Campaign }, ProjectCodes = { project } });
        await using var everything = new Reader(system.Demo, new SubscribeRequest { AfterPosition = before, ProjectCodes = { project } });
        await one.WaitForAsync(after);
        await everything.WaitForAsync(after);
        Assert.All(one.Events, e => Assert.True(e.Kind == EventKind.AgentState && e.Username == agents[1]));
        Assert.Equal(everything.Events.Where(e => e.Username == agents[1] && e.Kind == EventKind.AgentState).Select(e => e.Position), one.Events.Select(e => e.Position));
        Assert.Empty(campaigns.Events);
    }

    [Fact]
    public async Task Tenant_B_hears_nothing_of_tenant_A_and_has_positions_of_its_own()
    {
        var otherBefore = await LastPositionAsync(system.Other);
        await using var other = new Reader(system.Other, new SubscribeRequest { AfterPosition = otherBefore });
        var project = system.Unique("ep");
        await system.AgentsAsync(system.Demo, project, 1);
        await system.Silo.SettleAsync();
        // A marker in B's own log, so B's stream has something to wait for.
        var otherProject = system.Unique("op");
        await system.AgentsAsync(system.Other, otherProject, 1, GrpcSystem.OtherDomain);
        var otherAfter = await LastPositionAsync(system.Other);
        await other.WaitForAsync(otherAfter);
        Assert.All(other.Events, e => Assert.Equal(otherProject, e.ProjectCode));
    }

    [Fact]
    public async Task A_deadline_ends_a_stream_with_DEADLINE_EXCEEDED()
    {
        var reader = new Reader(system.Demo, new SubscribeRequest { AfterPosition = await LastPositionAsync(system.Demo) }, DateTime.UtcNow.AddMilliseconds(300));
        var e = await Assert.ThrowsAsync<RpcException>(() => reader.Completion);
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
    }

    [Fact]
    public async Task A_position_beyond_the_log_waits_for_live_events_only()
    {
        var last = await LastPositionAsync(system.Demo);
        await using var live = new Reader(system.Demo, new SubscribeRequest { AfterPosition = last });
        var project = system.Unique("ep");
        await system.AgentsAsync(system.Demo, project, 1);
        var now = await LastPositionAsync(system.Demo);
        await live.WaitForAsync(now);
        Assert.Equal(last + 1, live.Events.First().Position);
    }
}
