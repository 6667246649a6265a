using System.Net.WebSockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using CallCenter.Edge.Management.Push;
using CallCenter.Edge.Stomp;
using CallCenter.Security.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Security.Tests.Isolation;

/// <summary>
/// The tenant-isolation matrix, generated from what the running system serves: every routed endpoint (the
/// EndpointDataSource), every opr msgType (the console's dispatch table), every STOMP /app destination (the registered
/// handlers) and every /topic kind (ManagementTopics). Each is classified; tenant-scoped ones are probed with tenant B's
/// credentials against tenant A's resources, asserting that the answer reveals none of A's data and that A's state is
/// unchanged. A new endpoint, msgType or destination that is not classified here fails the test.
/// </summary>
[Collection(SecuritySystemCollection.Name)]
public sealed class TenantIsolationMatrixTests(SecuritySystem system)
{
    /// <summary>Routes that belong to no tenant, and why.</summary>
    private static readonly (string Prefix, string Reason)[] NotTenantScoped =
    [
        ("/healthz", "liveness probe: no tenant data"),
        ("/readyz", "readiness probe: no tenant data"),
        ("/metrics", "Prometheus scrape: aggregate figures, operations network only (docs/operations.md)"),
        ("/openapi", "the API description: no tenant data"),
        ("/scalar", "API reference UI of the embedded run: no tenant data"),
        ("/dashboard", "Orleans dashboard: operators of the cluster, not tenants (docs/operations.md)"),
        ("/platform/", "the platform admin API: one admin key for all tenants, not a tenant credential (PlatformAdminFilter)"),
        ("/freeswitch/xml", "mod_xml_curl of the operator's own FreeSWITCH: switch directory, not a tenant API"),
        ("/callcenter/ws", "STOMP over SockJS: the tenant is decided at CONNECT; covered by the destination matrix below"),
    ];

    /// <summary>The gRPC services (h2c port, credentials in metadata): each method named here, with where tenant B's
    /// credentials against tenant A's resources are proven refused or empty. A new method fails the matrix until it is
    /// added here and covered there.</summary>
    private static readonly Dictionary<string, string> GrpcMethods = new()
    {
        ["/callcenter.v1.ProjectService/CreateProject"] = "creates B's own project (Grpc.Tests AuthenticationTests: isolation on every service)",
        ["/callcenter.v1.ProjectService/ListProjects"] = "B's own projects only (AuthenticationTests)",
        ["/callcenter.v1.ProjectService/ClaimExtension"] = "A's certificate unknown to B (AuthenticationTests)",
        ["/callcenter.v1.ProjectService/ListExtensions"] = "A's project unknown to B (AuthenticationTests)",
        ["/callcenter.v1.AgentService/GetAgent"] = "A's agent not found for B (AuthenticationTests)",
        ["/callcenter.v1.AgentService/SetAgentState"] = "A's agent not found for B (AuthenticationTests)",
        ["/callcenter.v1.GatewayService/CreateGateway"] = "creates B's own gateway (AuthenticationTests)",
        ["/callcenter.v1.GatewayService/ListGateways"] = "B's own gateways only (AuthenticationTests)",
        ["/callcenter.v1.CampaignService/CreateCampaign"] = "creates B's own campaign (AuthenticationTests)",
        ["/callcenter.v1.CampaignService/ImportNumbers"] = "into B's own lists only (AuthenticationTests)",
        ["/callcenter.v1.CampaignService/StartCampaign"] = "A's campaign not found for B (AuthenticationTests)",
        ["/callcenter.v1.CampaignService/PauseCampaign"] = "A's campaign not found for B (AuthenticationTests)",
        ["/callcenter.v1.CampaignService/StopCampaign"] = "A's campaign not found for B (AuthenticationTests)",
        ["/callcenter.v1.CampaignService/GetCampaignStatus"] = "A's campaign not found for B (AuthenticationTests)",
        ["/callcenter.v1.CallService/PlaceCall"] = "A's agent not found for B (AuthenticationTests)",
        ["/callcenter.v1.CallService/EndCall"] = "A's call not found for B (AuthenticationTests)",
        ["/callcenter.v1.CallService/ListCallLogs"] = "B's own call logs only (AuthenticationTests)",
        ["/callcenter.v1.CallService/GetRecording"] = "A's call not found for B (AuthenticationTests)",
        ["/callcenter.v1.EventService/Subscribe"] = "B's own event log only (EventStreamTests: isolation)",
        ["/callcenter.v1.EventService/GetPosition"] = "B's own event log only (EventStreamTests)",
    };

    private static bool IsGrpc(string route)
        => GrpcMethods.ContainsKey(route)
            // gRPC's fallback for unknown methods answers UNIMPLEMENTED and touches nothing; health carries no tenant data.
            || route.EndsWith("{unimplementedMethod:grpcunimplemented}", StringComparison.Ordinal)
            || route == "/{unimplementedService}/{unimplementedMethod:grpcunimplemented}"
            || route.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
            || route.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    /// <summary>Tenant-scoped HTTP routes: the operator console (API key) and the management API (signature).</summary>
    private static bool IsManagement(string route) => route.StartsWith("/callcenter/", StringComparison.Ordinal) || route.StartsWith("/freeswitch/", StringComparison.Ordinal);

    private static readonly Dictionary<string, string> OprRoutes = new()
    {
        ["/api"] = "POST /api: every msgType probed below with tenant B's API key",
        ["/api/ws"] = "push websocket: tenant B's key for tenant A's seat is refused (probed below)",
    };

    /// <summary>Every msgType, with what tenant B's request against A's ids may do: fail, or act in B's own tenant.</summary>
    private static readonly Dictionary<string, string> MsgTypes = new()
    {
        ["seatgroup_config"] = "creates B's own group", ["seat_register"] = "creates B's own seat", ["addSipUser"] = "creates B's own SIP users",
        ["opr_login"] = "A's seat unknown to B", ["opr_logout"] = "A's seat unknown to B", ["getSeatState"] = "A's seat unknown to B",
        ["handShake"] = "A's seat unknown to B", ["user_subscribe"] = "A's seat unknown to B", ["pickup_call"] = "A's seat unknown to B",
        ["calla"] = "A's seat unknown to B", ["callb"] = "A's seat unknown to B", ["sidea"] = "A's seat unknown to B", ["sideb"] = "A's seat unknown to B",
        ["third"] = "A's seat unknown to B", ["ab"] = "A's seat unknown to B", ["monitor"] = "A's seat unknown to B", ["inserta"] = "A's seat unknown to B",
        ["insertb"] = "A's seat unknown to B", ["splita"] = "A's seat unknown to B", ["splitb"] = "A's seat unknown to B", ["releasea"] = "A's seat unknown to B",
        ["releaseb"] = "A's seat unknown to B", ["clean_board"] = "A's seat unknown to B", ["board_switch"] = "A's seat unknown to B",
        ["cross_board"] = "A's seat unknown to B", ["transfer_opr"] = "A's seat unknown to B", ["query_phone"] = "A's seat unknown to B",
        ["talk_to_opr"] = "A's operator unknown to B", ["accept"] = "A's operator unknown to B", ["reject"] = "A's operator unknown to B",
        ["hangup_to_opr"] = "A's operator unknown to B", ["message"] = "A's operator unknown to B", ["queryhistorymsg"] = "B's own (empty) history",
    };

    /// <summary>STOMP /app destinations and /topic kinds: all tenant-partitioned by the broker (destinations never name
    /// the tenant, the session's tenant is implied).</summary>
    private static readonly HashSet<string> AppDestinations =
    [
        "/app/idle", "/app/busy", "/app/call", "/app/previewCall", "/app/pmCallAgent", "/app/bye", "/app/pmByeAgent", "/app/transfer", "/app/playVoice",
        "/app/stopPlayVoice", "/app/eavesdrop", "/app/stopEavesdrop", "/app/conference", "/app/conferenceByUsername", "/app/stopConference",
    ];

    private static readonly HashSet<string> TopicKinds = ["Register", "Call", "Status", "Invite", "Bye", "Transfer", "Notify", "Task", "CallExtStatus", "CallTaskStatus"];

    /// <summary>What of tenant A must never appear in an answer to tenant B (ids B itself sent, such as the operator id,
    /// are echoed back and prove nothing).</summary>
    private string[] Secrets => [system.ACertificate, system.AAgentPassword, SecuritySystem.ARealm, SecuritySystem.ABlacklisted, "13700000001", SecuritySystem.ASeatPhone];

    private IReadOnlyList<(string Route, string Methods)> Routes()
        => system.Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])))
            .Distinct().ToList();

    [Fact]
    public void Every_endpoint_msgType_and_destination_is_classified()
    {
        var unclassified = Routes().Where(r => !IsManagement(r.Route) && !OprRoutes.ContainsKey(r.Route) && !IsGrpc(r.Route)
            && !NotTenantScoped.Any(n => r.Route.StartsWith(n.Prefix, StringComparison.Ordinal))
            || r.Route.StartsWith("/freeswitch/", StringComparison.Ordinal) && !r.Route.StartsWith("/freeswitch/gateway/", StringComparison.Ordinal) && !r.Route.StartsWith("/freeswitch/xml", StringComparison.Ordinal))
            .Select(r => $"{r.Methods} {r.Route}").ToList();
        Assert.True(unclassified.Count == 0, "endpoints missing from the isolation matrix: " + string.Join(", ", unclassified));

        Assert.Equal(MsgTypes.Keys.Order(StringComparer.Ordinal), CallCenter.Edge.Opr.OprApiEndpoint.MsgTypes.Order(StringComparer.Ordinal));
        var served = system.Silo.Services.GetServices<IStompAppHandler>().SelectMany(h => h.Destinations).ToHashSet();
        Assert.True(served.SetEquals(AppDestinations), "STOMP /app destinations changed: " + string.Join(", ", served.Except(AppDestinations).Concat(AppDestinations.Except(served))));
        var topics = typeof(ManagementTopics).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(string)).Select(m => m.Name).ToHashSet();
        Assert.True(topics.SetEquals(TopicKinds), "STOMP topics changed: " + string.Join(", ", topics.Except(TopicKinds).Concat(TopicKinds.Except(topics))));
    }

    [Fact]
    public async Task Tenant_b_sees_and_changes_nothing_of_tenant_a_on_any_management_endpoint()
    {
        var endpoints = Fuzzing.ManagementHttpFuzzTests.Endpoints(system.Silo.Services);
        (string, string)[] fields =
        [
            ("projectCode", SecuritySystem.AProject), ("certificate", system.ACertificate), ("type", "2"), ("username", system.AAgent), ("workStatus", "1"),
            ("callTaskCode", SecuritySystem.ATask), ("gwCode", system.AGateway), ("callListId", SecuritySystem.ACallList), ("numbers", "13800000009"),
            ("content", "x"), ("rate", "1"), ("count", "1"), ("callListLastId", "0"), ("seats", "1"), ("pageSize", "100"), ("pageNum", "1"),
        ];
        var before = await system.SnapshotAAsync();
        var problems = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            var query = method == "GET" ? "?" + string.Join("&", fields.Select(f => $"{f.Item1}={Uri.EscapeDataString(f.Item2)}")) : "";
            var reply = await system.ManagementB.SendAsync(method, path + query, method == "POST" ? SecuritySystem.Form(fields) : null);
            if ((int)reply.Status >= 500) problems.Add($"{path}: {reply}");
            else if (Secrets.FirstOrDefault(s => reply.Body.Contains(s, StringComparison.Ordinal)) is { } leaked) problems.Add($"{path} revealed {leaked}: {reply}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(before, await system.SnapshotAAsync());
    }

    [Fact]
    public async Task Tenant_b_sees_and_changes_nothing_of_tenant_a_on_any_opr_msgType()
    {
        // The push websocket first (seat_register below gives B a seat of the same id): B's key for A's seat is refused
        // before the upgrade, as no such seat exists in B.
        using (var socket = new ClientWebSocket())
        {
            socket.Options.CollectHttpResponseDetails = true;
            var uri = new UriBuilder(system.Silo.WebSocketAddress("/api/ws")) { Query = $"seatId={SecuritySystem.ASeat}&apiKey={system.OprKeyB}" }.Uri;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, socket.HttpStatusCode);
        }
        var before = await system.SnapshotAAsync();
        var problems = new List<string>();
        foreach (var msgType in CallCenter.Edge.Opr.OprApiEndpoint.MsgTypes)
        {
            var body = $$"""
                {"msgType":"{{msgType}}","seatId":"{{SecuritySystem.ASeat}}","seat1Id":"{{SecuritySystem.ASeat}}","seat2Id":"{{SecuritySystem.ASeat}}","operatorId":"{{SecuritySystem.AOperator}}",
                 "operator1Id":"{{SecuritySystem.AOperator}}","operator2Id":"{{SecuritySystem.AOperator}}","target":"{{SecuritySystem.ASeat}}","targetSeat":"{{SecuritySystem.ASeat}}",
                 "boardIndex":"1","curBoardIndex":"1","nextBoardIndex":"2","phone":"13800000009","phoneNumber":"13800000009","msg":"hi","number":"5",
                 "seatGroupNo":"{{SecuritySystem.AGroup}}","groupPhone":"8171","seatPhone":"8161","pwd":"pwb","phones":["8162"],"passwds":["pwb"]}
                """;
            var reply = await system.OprAsync(Encoding.UTF8.GetBytes(body), system.OprKeyB);
            if ((int)reply.Status >= 500) problems.Add($"{msgType}: {reply}");
            else if (Secrets.FirstOrDefault(s => reply.Body.Contains(s, StringComparison.Ordinal)) is { } leaked) problems.Add($"{msgType} revealed {leaked}: {reply}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(before, await system.SnapshotAAsync());
    }

    [Fact]
    public async Task Tenant_b_sees_and_changes_nothing_of_tenant_a_on_any_stomp_destination()
    {
        var before = await system.SnapshotAAsync();
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v12.stomp");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(system.Silo.WebSocketAddress("/callcenter/ws/websocket"), guard.Token);
        var account = system.ManagementB.Account;
        var timestamp = system.Now.ToUnixTimeMilliseconds() + 1;
        var sign = system.ManagementB.SignFor(timestamp);
        await SendAsync(socket, $"CONNECT\naccept-version:1.2\nhost:callcenter\nheart-beat:0,0\nlogin:{account}\npasscode:{sign}\ntimestamp:{timestamp}\n\n\0", guard.Token);
        var connected = await ReceiveAsync(socket, guard.Token);
        Assert.StartsWith("CONNECTED", connected);

        // Every topic kind, named with A's agent and project: B's subscriptions live in B's tenant.
        var id = 0;
        foreach (var method in typeof(ManagementTopics).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(string)))
        {
            var args = method.GetParameters().Select(p => p.Name == "projectCode" ? SecuritySystem.AProject : (object)system.AAgent).ToArray();
            await SendAsync(socket, $"SUBSCRIBE\nid:{id++}\ndestination:{method.Invoke(null, args)}\n\n\0", guard.Token);
        }
        // Every /app destination, acting for A's agent.
        var body = $$"""{"username":"{{system.AAgent}}","projectCode":"{{SecuritySystem.AProject}}","callId":"x","phone":"13800000009","targetUsername":"{{system.AAgent}}","voiceCode":"v"}""";
        foreach (var destination in AppDestinations)
            await SendAsync(socket, $"SEND\ndestination:{destination}\ncontent-type:application/json\n\n{body}\0", guard.Token);
        await SendAsync(socket, "DISCONNECT\nreceipt:done\n\n\0", guard.Token);
        var frames = new List<string>();
        while (await ReceiveAsync(socket, guard.Token) is { } frame)
        {
            frames.Add(frame);
            if (frame.StartsWith("RECEIPT", StringComparison.Ordinal) && frame.Contains("receipt-id:done", StringComparison.Ordinal)) break;
        }
        Assert.DoesNotContain(frames, f => f.StartsWith("ERROR", StringComparison.Ordinal) && !f.Contains("not allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(frames, f => Secrets.Any(s => f.Contains(s, StringComparison.Ordinal)));
        await system.Silo.SettleAsync();
        Assert.Equal(before, await system.SnapshotAAsync());
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken cancellationToken)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }
}
