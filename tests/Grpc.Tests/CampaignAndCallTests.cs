using CallCenter.Grpc.V1;
using CallCenter.Telephony.Simulated;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CallCenter.Grpc.Tests;

/// <summary>CampaignService and CallService against the real host on the virtual clock.</summary>
[Collection(GrpcCollection.Name)]
public sealed class CampaignAndCallTests(GrpcSystem system)
{
    public static PstnProfile Customers() => new()
    {
        AnswerProbability = 0.7,
        BusyProbability = 0.1,
        UnallocatedRate = 0,
        RingTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)),
        TalkTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
        Patience = DurationDistribution.Never,
    };

    public static IEnumerable<string> Numbers(int count, int start) => Enumerable.Range(start, count).Select(i => $"1390000{i:0000}");

    public static async Task<CampaignStatus> RunUntilEndedAsync(GrpcSystem system, Clients clients, string campaign, TimeSpan budget, Action? eachStep = null)
    {
        var end = system.Now + budget;
        CampaignStatus status;
        do
        {
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(5));
            eachStep?.Invoke();
            status = await clients.Campaigns.GetCampaignStatusAsync(new CampaignRef { CampaignCode = campaign });
        }
        while (system.Now < end && !(status.State == CampaignState.Ended && status.Running == 0));
        return status;
    }

    [Fact]
    public async Task A_campaign_is_created_from_imported_numbers_started_paused_resumed_and_runs_to_the_end_matching_the_call_logs()
    {
        var project = system.Unique("cp");
        await system.AgentsAsync(system.Demo, project, 3);
        var gw = await system.GatewayAsync(system.Demo, 10, Customers());
        var list = "list-" + project;
        var imported = await system.Demo.Campaigns.ImportNumbersAsync(new ImportNumbersRequest { CallListId = list, Numbers = { Numbers(20, 0).Append("not-a-number").Append("13900000001") } });
        Assert.Equal(20, imported.Accepted);
        Assert.Equal(1, imported.Duplicates);
        Assert.Equal(20, Assert.Single(imported.Rejected).Index);

        var campaign = system.Unique("c");
        var created = await system.Demo.Campaigns.CreateCampaignAsync(new CreateCampaignRequest
        {
            CampaignCode = campaign, ProjectCode = project, Type = CampaignType.Predictive, Pacing = PacingMode.Progressive, Rate = 1,
            Gateways = { new CampaignGateway { GwCode = gw, Concurrency = 5 } }, CallListId = list, ExpiresAt = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)),
        });
        Assert.Equal(CampaignState.Initial, created.State);
        Assert.Equal(project, created.ProjectCode);

        Assert.Equal(CampaignState.Running, (await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign })).State);
        // Idempotent: a second start answers the status.
        Assert.Equal(CampaignState.Running, (await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign })).State);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(CampaignState.Paused, (await system.Demo.Campaigns.PauseCampaignAsync(new CampaignRef { CampaignCode = campaign })).State);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(CampaignState.Running, (await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign })).State);

        var status = await RunUntilEndedAsync(system, system.Demo, campaign, TimeSpan.FromHours(1));
        Assert.Equal(CampaignState.Ended, status.State);
        Assert.Equal(20, status.Total);
        var logs = await system.Demo.Calls.ListCallLogsAsync(new ListCallLogsRequest { CampaignCode = campaign, PageSize = 1000 });
        Assert.Equal(20, logs.Total);
        Assert.Equal(status.Success, logs.Items.Count(l => l.Result == 10));
        Assert.Equal(status.Fail, logs.Items.Count(l => l.Result == 20));
        Assert.Equal(status.Miss, logs.Items.Count(l => l.Result == 30));
        Assert.All(logs.Items, l => Assert.Equal(project, l.ProjectCode));

        // Paged and filtered.
        var page2 = await system.Demo.Calls.ListCallLogsAsync(new ListCallLogsRequest { CampaignCode = campaign, Page = 2, PageSize = 7 });
        Assert.Equal(20, page2.Total);
        Assert.Equal(7, page2.Items.Count);
        Assert.Empty(logs.Items.Select(l => l.CallId).Take(7).Intersect(page2.Items.Select(l => l.CallId)));
        var none = await system.Demo.Calls.ListCallLogsAsync(new ListCallLogsRequest { CampaignCode = campaign, From = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)) });
        Assert.Equal(0, none.Total);

        Assert.Equal(CampaignState.Ended, (await system.Demo.Campaigns.StopCampaignAsync(new CampaignRef { CampaignCode = campaign })).State);
    }

    [Fact]
    public async Task Campaign_refusals_have_their_codes_and_reasons()
    {
        var project = system.Unique("cp");
        await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = project, Seats = 1 });
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "TASK_NOT_FOUND",
            async () => await system.Demo.Campaigns.GetCampaignStatusAsync(new CampaignRef { CampaignCode = system.Unique("nope") }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "TASK_NOT_FOUND",
            async () => await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = system.Unique("nope") }));
        var info = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT", async () => await system.Demo.Campaigns.CreateCampaignAsync(new CreateCampaignRequest
        {
            CampaignCode = system.Unique("c"), ProjectCode = project, Type = CampaignType.Predictive, CallListId = "l", ExpiresAt = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)),
        }));
        Assert.Equal("gateways", info.Metadata["field"]);
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT", async () => await system.Demo.Campaigns.CreateCampaignAsync(new CreateCampaignRequest
        {
            CampaignCode = system.Unique("c"), ProjectCode = project, Gateways = { new CampaignGateway { GwCode = "1", Concurrency = 1 } }, CallListId = "l",
        }));
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Campaigns.ImportNumbersAsync(new ImportNumbersRequest { CallListId = "l" }));

        var campaign = system.Unique("c");
        var gw = await system.GatewayAsync(system.Demo, 2, Customers());
        await system.Demo.Campaigns.ImportNumbersAsync(new ImportNumbersRequest { CallListId = "l-" + campaign, Numbers = { Numbers(2, 500) } });
        var request = new CreateCampaignRequest
        {
            CampaignCode = campaign, ProjectCode = project, Type = CampaignType.Predictive, Gateways = { new CampaignGateway { GwCode = gw, Concurrency = 1 } },
            CallListId = "l-" + campaign, Rate = 1, ExpiresAt = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)),
        };
        await system.Demo.Campaigns.CreateCampaignAsync(request);
        await GrpcAssert.FailsAsync(StatusCode.AlreadyExists, "TASK_EXISTS", async () => await system.Demo.Campaigns.CreateCampaignAsync(request));
        await system.Demo.Campaigns.StopCampaignAsync(new CampaignRef { CampaignCode = campaign });
        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, "TASK_REFUSED",
            async () => await system.Demo.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign }));
    }

    [Fact]
    public async Task A_call_is_placed_for_an_agent_ended_and_logged_with_its_recording()
    {
        var project = system.Unique("cp");
        var agent = (await system.AgentsAsync(system.Demo, project, 1)).Single();
        var answering = new PstnProfile { AnswerProbability = 1, BusyProbability = 0, UnallocatedRate = 0, RingTime = DurationDistribution.Fixed(TimeSpan.FromSeconds(2)), TalkTime = DurationDistribution.Never };
        var gw = await system.GatewayAsync(system.Demo, 2, answering);

        var placed = await system.Demo.Calls.PlaceCallAsync(new PlaceCallRequest { Username = agent, TelNo = "13911112222", GwCodes = { gw } });
        Assert.False(string.IsNullOrEmpty(placed.CallId));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(15));
        var onCall = await system.Demo.Agents.GetAgentAsync(new GetAgentRequest { Username = agent });
        Assert.Equal(SessionStatus.Talking, onCall.SessionStatus);
        Assert.Equal(placed.CallId, onCall.CallId);

        await system.Demo.Calls.EndCallAsync(new EndCallRequest { Username = agent, CallId = placed.CallId });
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        var logs = await system.Demo.Calls.ListCallLogsAsync(new ListCallLogsRequest { ProjectCode = project });
        var log = Assert.Single(logs.Items);
        Assert.Equal(placed.CallId, log.CallId);
        Assert.Equal("13911112222", log.DestinationNumber);
        Assert.Equal(10, log.Result);

        // Agents' calls are recorded (Management:RecordCalls); there is no download path, so no link.
        Assert.NotEmpty(log.RecordingKey);
        var recording = await system.Demo.Calls.GetRecordingAsync(new GetRecordingRequest { CallId = placed.CallId });
        Assert.Equal(log.RecordingKey, recording.Key);
        Assert.EndsWith(log.RecordingKey, recording.RecordFile);
        Assert.Equal("", recording.DownloadUrl);
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "CALL_NOT_FOUND",
            async () => await system.Demo.Calls.GetRecordingAsync(new GetRecordingRequest { CallId = "no-such-call" }));
        // The call is over: the agent has no such call any more.
        var ended = await Assert.ThrowsAsync<RpcException>(async () => await system.Demo.Calls.EndCallAsync(new EndCallRequest { Username = agent, CallId = placed.CallId }));
        Assert.Contains(ended.StatusCode, new[] { StatusCode.NotFound, StatusCode.FailedPrecondition });
    }

    [Fact]
    public async Task Call_refusals_have_their_codes_and_reasons()
    {
        var project = system.Unique("cp");
        var created = await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = project, Seats = 1 });
        var grant = await system.Demo.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = created.Certificate });
        // Never registered: no phone to ring.
        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, "AGENT_NOT_REGISTERED",
            async () => await system.Demo.Calls.PlaceCallAsync(new PlaceCallRequest { Username = grant.Username, TelNo = "13911112222" }));
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Calls.PlaceCallAsync(new PlaceCallRequest { Username = grant.Username, TelNo = "12" }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "EXTENSION_NOT_FOUND",
            async () => await system.Demo.Calls.PlaceCallAsync(new PlaceCallRequest { Username = "98765", TelNo = "13911112222" }));
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Calls.ListCallLogsAsync(new ListCallLogsRequest { PageSize = 5000 }));
    }
}
