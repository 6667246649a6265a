using CallCenter.Telephony.Recording;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>Scripted FreeSWITCH events (text/event-json, as the switch sends them) in, SwitchEvents out.</summary>
public sealed class FreeSwitchEventTranslationTests
{
    private const string Agent = "a1d3c2e4-0000-4000-8000-00000000000a";
    private const string Customer = "c1d3c2e4-0000-4000-8000-00000000000c";
    private const long T0 = 1_767_600_000_000_000; // microseconds since the epoch

    private static readonly Dictionary<string, string> AgentVariables = new()
    {
        ["variable_cc_call"] = "call-1",
        ["variable_cc_tenant"] = "t1",
        ["variable_cc_role"] = "agent",
        ["variable_sip_from_user"] = "4000",
    };

    [Fact]
    public async Task A_call_lifecycle_maps_event_by_event_with_leg_call_variables_and_time()
    {
        await using var harness = await SwitchHarness.StartAsync();
        await harness.SendEventAsync(Channel("CHANNEL_CREATE", Agent, T0, new()
        {
            ["Call-Direction"] = "outbound",
            ["Caller-Caller-ID-Number"] = "4000",
            ["Caller-Destination-Number"] = "1001",
            ["variable_dialed_domain"] = "tenant-a.example",
            ["Caller-Channel-Created-Time"] = T0.ToString(),
        }));
        await harness.SendEventAsync(Channel("CHANNEL_PROGRESS", Agent, T0 + 1_000_000));
        await harness.SendEventAsync(Channel("CHANNEL_PROGRESS_MEDIA", Agent, T0 + 1_500_000));
        await harness.SendEventAsync(Channel("CHANNEL_ANSWER", Agent, T0 + 3_000_000, new() { ["Caller-Channel-Answered-Time"] = (T0 + 3_000_000).ToString() }));
        await harness.SendEventAsync(Channel("CHANNEL_BRIDGE", Agent, T0 + 4_000_000, new() { ["Bridge-A-Unique-ID"] = Agent, ["Bridge-B-Unique-ID"] = Customer, ["Other-Leg-Unique-ID"] = Customer }));
        await harness.SendEventAsync(Channel("CHANNEL_HOLD", Agent, T0 + 5_000_000));
        await harness.SendEventAsync(Channel("CHANNEL_UNHOLD", Agent, T0 + 6_000_000));
        await harness.SendEventAsync(Channel("DTMF", Agent, T0 + 7_000_000, new() { ["DTMF-Digit"] = "5", ["DTMF-Duration"] = "2000" }));
        await harness.SendEventAsync(Channel("PLAYBACK_STOP", Agent, T0 + 8_000_000, new() { ["Playback-File-Path"] = "ivr/welcome.wav", ["Playback-Status"] = "done" }));
        await harness.SendEventAsync(Channel("PLAYBACK_STOP", Agent, T0 + 8_100_000, new() { ["Playback-File-Path"] = "moh/loop.wav", ["Playback-Status"] = "break" }));
        await harness.SendEventAsync(Channel("RECORD_STOP", Agent, T0 + 9_000_000, new() { ["Record-File-Path"] = "/var/lib/freeswitch/recordings/t1/call-1.wav", ["variable_record_ms"] = "5250" }));
        await harness.SendEventAsync(Channel("CHANNEL_EXECUTE_COMPLETE", Agent, T0 + 9_500_000, new()
        {
            ["Application"] = "play_and_get_digits",
            ["Application-Data"] = "1 4 1 5000 # silence_stream://250 silence_stream://250 callcenter_digits \\d+",
            ["variable_callcenter_digits"] = "42",
        }));
        await harness.SendEventAsync(Channel("CHANNEL_UNBRIDGE", Agent, T0 + 10_000_000, new() { ["Bridge-A-Unique-ID"] = Agent, ["Bridge-B-Unique-ID"] = Customer }));
        await harness.SendEventAsync(Channel("CHANNEL_HANGUP_COMPLETE", Agent, T0 + 11_000_000, new()
        {
            ["Hangup-Cause"] = "NORMAL_CLEARING",
            ["Caller-Channel-Created-Time"] = T0.ToString(),
            ["Caller-Channel-Answered-Time"] = (T0 + 3_000_000).ToString(),
            ["variable_sip_hangup_disposition"] = "recv_bye",
            ["variable_billsec"] = "8",
            ["variable_duration"] = "11",
        }));
        await harness.SettleAsync();

        var events = harness.Events.Where(e => e.LegId == Agent).ToList();
        Assert.Equal(
            [typeof(LegCreated), typeof(LegRinging), typeof(LegRinging), typeof(LegAnswered), typeof(LegBridged), typeof(LegHeld), typeof(LegUnheld),
             typeof(DtmfReceived), typeof(PlaybackFinished), typeof(PlaybackFinished), typeof(RecordingFinished), typeof(DigitsCollected),
             typeof(LegUnbridged), typeof(LegHungUp)],
            events.Select(e => e.GetType()));
        Assert.All(events, e =>
        {
            Assert.Equal("call-1", e.CallId);
            Assert.Equal(new Dictionary<string, string> { ["cc_call"] = "call-1", ["cc_tenant"] = "t1", ["cc_role"] = "agent" }, e.Variables);
        });
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 / 1000), events[0].Timestamp);
        Assert.Equal(new LegCreated(LegDirection.Outbound, "4000", "1001", null, "tenant-a.example"), (LegCreated)events[0] with { LegId = "", CallId = null, Timestamp = default, Variables = SwitchEvent.EmptyVariables });
        Assert.False(((LegRinging)events[1]).EarlyMedia);
        Assert.True(((LegRinging)events[2]).EarlyMedia);
        Assert.Equal(Customer, ((LegBridged)events[4]).OtherLegId);
        Assert.Equal('5', ((DtmfReceived)events[7]).Digit);
        Assert.Equal(("ivr/welcome.wav", true), (((PlaybackFinished)events[8]).Prompt, ((PlaybackFinished)events[8]).Completed));
        Assert.False(((PlaybackFinished)events[9]).Completed);
        Assert.Equal(("t1/call-1.wav", TimeSpan.FromMilliseconds(5250)), (((RecordingFinished)events[10]).BlobKey, ((RecordingFinished)events[10]).Duration));
        Assert.Equal(("42", true), (((DigitsCollected)events[11]).Digits, ((DigitsCollected)events[11]).Valid));
        var end = (LegHungUp)events[^1];
        Assert.Equal(HangupCauses.NormalClearing, end.Cause);
        Assert.Equal(HangupInitiator.Remote, end.Initiator);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 / 1000), end.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 / 1000 + 3000), end.AnsweredAt);
        Assert.Equal((8, 11), (end.BillSeconds, end.DurationSeconds));

        // The partner side of the bridge is told too, once each way, with what is known of it.
        var customer = harness.Events.Where(e => e.LegId == Customer).ToList();
        Assert.Equal([typeof(LegBridged), typeof(LegUnbridged)], customer.Select(e => e.GetType()));
        Assert.Equal(Agent, ((LegBridged)customer[0]).OtherLegId);
    }

    [Fact]
    public async Task An_inbound_call_arrives_as_an_inbound_LegCreated_without_a_call_id()
    {
        await using var harness = await SwitchHarness.StartAsync();
        await harness.SendEventAsync(Channel("CHANNEL_CREATE", Customer, T0, new()
        {
            ["Call-Direction"] = "inbound",
            ["Caller-Caller-ID-Number"] = "13800138000",
            ["Caller-Destination-Number"] = "4008001234",
            ["variable_sip_gateway_name"] = "carrier-1",
        }));
        var created = await harness.WaitForAsync<LegCreated>();
        Assert.Equal((Customer, LegDirection.Inbound, "13800138000", "4008001234", "carrier-1"), (created.LegId, created.Direction, created.CallerIdNumber, created.DestinationNumber, created.Gateway));
        Assert.Null(created.CallId);
        Assert.Empty(created.Variables);
    }

    [Fact]
    public async Task A_failed_originate_without_a_channel_is_reported_from_its_BACKGROUND_JOB()
    {
        await using var harness = await SwitchHarness.StartAsync(fake => fake.BackgroundJobResult = _ => "-ERR USER_BUSY\n");
        var variables = new Dictionary<string, string> { ["cc_tenant"] = "t1", ["x_other"] = "ignored" };

        await harness.Switch.OriginateAsync(new OriginateRequest(Agent, "call-9", new ExtensionEndpoint("1001", "tenant-a.example"), "4000", Variables: variables));

        var end = await harness.WaitForAsync<LegHungUp>();
        Assert.Equal((Agent, "call-9", HangupCauses.UserBusy, HangupInitiator.Local), (end.LegId, end.CallId, end.Cause, end.Initiator));
        Assert.Null(end.AnsweredAt);
        Assert.Equal(new Dictionary<string, string> { ["cc_tenant"] = "t1", ["cc_call"] = "call-9" }, end.Variables);
        await harness.SettleAsync();
        Assert.Single(harness.Events, e => e.LegId == Agent);
    }

    [Fact]
    public async Task A_failed_originate_whose_channel_existed_is_reported_once_from_the_channel()
    {
        string? job = null;
        await using var harness = await SwitchHarness.StartAsync(fake => fake.BackgroundJobResult = c =>
        {
            job = c.Headers["Job-UUID"];
            return null;
        });
        await harness.Switch.OriginateAsync(new OriginateRequest(Agent, "call-9", new ExtensionEndpoint("1001", "tenant-a.example"), "4000"));
        await harness.SendEventAsync(Channel("CHANNEL_CREATE", Agent, T0, new() { ["Call-Direction"] = "outbound", ["variable_cc_call"] = "call-9" }));
        await harness.SendEventAsync(Channel("CHANNEL_HANGUP_COMPLETE", Agent, T0 + 20_000_000, new()
        {
            ["Hangup-Cause"] = "NO_ANSWER", ["variable_cc_call"] = "call-9", ["variable_sip_hangup_disposition"] = "send_cancel",
            ["Caller-Channel-Created-Time"] = T0.ToString(), ["Caller-Channel-Answered-Time"] = "0", ["variable_billsec"] = "0", ["variable_duration"] = "20",
        }));
        await harness.SendEventAsync(new() { ["Event-Name"] = "BACKGROUND_JOB", ["Job-UUID"] = job!, ["Event-Date-Timestamp"] = (T0 + 20_000_001).ToString() }, "-ERR NO_ANSWER\n");
        await harness.SettleAsync();

        var events = harness.Events.Where(e => e.LegId == Agent).ToList();
        Assert.Equal([typeof(LegCreated), typeof(LegHungUp)], events.Select(e => e.GetType()));
        var end = (LegHungUp)events[1];
        Assert.Equal((HangupCauses.NoAnswer, HangupInitiator.Local, 0, 20), (end.Cause, end.Initiator, end.BillSeconds, end.DurationSeconds));
        Assert.Null(end.AnsweredAt);
        // The created event took its numbers from the originate request, not the switch's headers.
        Assert.Equal(("1001", "tenant-a.example"), (((LegCreated)events[0]).DestinationNumber, ((LegCreated)events[0]).Domain));
    }

    [Fact]
    public async Task Registrations_gateways_and_conference_members_are_mapped()
    {
        await using var harness = await SwitchHarness.StartAsync();
        await harness.SendEventAsync(Custom("sofia::register", new() { ["from-user"] = "1001", ["from-host"] = "tenant-a.example", ["contact"] = "\"1001\" <sip:1001@10.0.0.7:5060>" }));
        await harness.SendEventAsync(Custom("sofia::unregister", new() { ["from-user"] = "1001", ["from-host"] = "tenant-a.example" }));
        await harness.SendEventAsync(Custom("sofia::expire", new() { ["from-user"] = "1002", ["from-host"] = "tenant-a.example" }));
        await harness.SendEventAsync(Custom("sofia::gateway_state", new() { ["Gateway"] = "carrier-1", ["State"] = "REGED", ["Ping-Status"] = "UP" }));
        await harness.SendEventAsync(Custom("sofia::gateway_state", new() { ["Gateway"] = "carrier-1", ["State"] = "TRYING" }));
        await harness.SendEventAsync(Custom("sofia::gateway_state", new() { ["Gateway"] = "carrier-1", ["State"] = "FAIL_WAIT" }));
        await harness.SendEventAsync(Custom("conference::maintenance", new() { ["Action"] = "add-member", ["Conference-Name"] = "room", ["Member-ID"] = "3", ["Unique-ID"] = Agent, ["variable_cc_call"] = "call-1" }));
        await harness.SendEventAsync(Custom("conference::maintenance", new() { ["Action"] = "start-talking", ["Conference-Name"] = "room", ["Member-ID"] = "3", ["Unique-ID"] = Agent }));
        await harness.SendEventAsync(Custom("conference::maintenance", new() { ["Action"] = "del-member", ["Conference-Name"] = "room", ["Member-ID"] = "3", ["Unique-ID"] = Agent }));
        await harness.SettleAsync();

        var events = harness.Events.Where(e => e is not SwitchConnectionChanged).ToList();
        Assert.Equal(
            [typeof(ExtensionRegistered), typeof(ExtensionUnregistered), typeof(ExtensionUnregistered), typeof(GatewayStateChanged), typeof(GatewayStateChanged),
             typeof(ConferenceMemberJoined), typeof(ConferenceMemberLeft)],
            events.Select(e => e.GetType()));
        Assert.Equal(new ExtensionRegistered("1001", "tenant-a.example", "\"1001\" <sip:1001@10.0.0.7:5060>"), events[0] with { Timestamp = default });
        Assert.Equal("1002", ((ExtensionUnregistered)events[2]).Extension);
        Assert.True(((GatewayStateChanged)events[3]).Up);
        Assert.False(((GatewayStateChanged)events[4]).Up);
        var joined = (ConferenceMemberJoined)events[5];
        Assert.Equal(("room", "3", Agent, "call-1"), (joined.Conference, joined.MemberId, joined.LegId, joined.CallId));
        Assert.Equal("call-1", events[6].CallId);
    }

    [Fact]
    public async Task Unknown_incomplete_and_unreadable_events_are_skipped_and_later_ones_still_arrive()
    {
        await using var harness = await SwitchHarness.StartAsync();
        await harness.SendEventAsync(new() { ["Event-Name"] = "HEARTBEAT", ["Event-Date-Timestamp"] = T0.ToString() });
        await harness.SendEventAsync(new() { ["Event-Name"] = "CHANNEL_CREATE" });
        await harness.SendEventAsync(Custom("sofia::register", new() { ["contact"] = "x" }));
        await harness.SendEventAsync(Custom("sofia::gateway_state", new() { ["State"] = "REGED" }));
        await harness.SendEventAsync(Channel("DTMF", Agent, T0));
        await harness.SendEventAsync(new() { ["Event-Name"] = "CHANNEL_ANSWER", ["Unique-ID"] = Agent, ["Event-Date-Timestamp"] = "not-a-number" });
        await harness.Server.BroadcastRawAsync("Content-Length: 12\nContent-Type: text/event-json\n\n{\"no\": \"end\"");
        await harness.Server.BroadcastRawAsync("Content-Length: 2\nContent-Type: text/event-plain\n\nX\n");
        await harness.SendEventAsync(Channel("CHANNEL_HOLD", Agent, T0 + 1));
        await harness.SettleAsync();

        var events = harness.Events.Where(e => e is not SwitchConnectionChanged).ToList();
        Assert.Equal([typeof(LegAnswered), typeof(LegHeld)], events.Select(e => e.GetType()));
        Assert.Equal(1, harness.Server.SessionCount);
        Assert.Contains(harness.Logger.Lines, l => l.Contains("missing header from-user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throwing_subscriber_does_not_stop_delivery_to_others()
    {
        await using var harness = await SwitchHarness.StartAsync();
        using var bad = harness.Switch.Subscribe(_ => throw new InvalidOperationException("handler bug"));
        await harness.SendEventAsync(Channel("CHANNEL_HOLD", Agent, T0));
        await harness.SendEventAsync(Channel("CHANNEL_UNHOLD", Agent, T0 + 1));
        await harness.SettleAsync();
        Assert.Equal([typeof(LegHeld), typeof(LegUnheld)], harness.Events.Where(e => e.LegId == Agent).Select(e => e.GetType()));
    }

    [Fact]
    public async Task When_a_bridged_leg_starts_hanging_up_the_driver_ends_its_partner()
    {
        await using var harness = await SwitchHarness.StartAsync();
        await harness.SendEventAsync(Channel("CHANNEL_BRIDGE", Agent, T0, new() { ["Bridge-A-Unique-ID"] = Agent, ["Bridge-B-Unique-ID"] = Customer }));
        await harness.SendEventAsync(Channel("CHANNEL_HANGUP", Customer, T0 + 1, new() { ["Hangup-Cause"] = "NORMAL_CLEARING" }));
        await harness.Server.WaitForCommandAsync(c => c.ApiCommand == $"uuid_kill {Agent} NORMAL_CLEARING");

        // The partner's own hang-up does not bounce back.
        await harness.SendEventAsync(Channel("CHANNEL_HANGUP", Agent, T0 + 2));
        await harness.SettleAsync();
        Assert.DoesNotContain(harness.Server.Commands, c => c.ApiCommand.StartsWith($"uuid_kill {Customer}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_at_its_channel_limit_refuses_without_asking_the_switch()
    {
        await using var harness = await SwitchHarness.StartAsync();
        await harness.Switch.ProvisionGatewayAsync(new GatewayDefinition("carrier-1", "sip.carrier.example", ChannelLimit: 1, CallerIdNumber: "02160000000"));

        await harness.Switch.OriginateAsync(new OriginateRequest(Agent, "call-1", new PstnEndpoint("5550100", "carrier-1"), ""));
        await harness.Switch.OriginateAsync(new OriginateRequest(Customer, "call-2", new PstnEndpoint("5550101", "carrier-1"), "4000"));

        var refused = await harness.WaitForAsync<LegHungUp>();
        Assert.Equal((Customer, "call-2", HangupCauses.NormalCircuitCongestion), (refused.LegId, refused.CallId, refused.Cause));
        var originates = harness.Server.Commands.Where(c => c.Verb == "bgapi").ToList();
        // The gateway's caller id stands in for the missing one.
        Assert.Contains("origination_caller_id_number=02160000000", Assert.Single(originates).ApiCommand);

        // Once the first leg is gone, the channel is free again.
        await harness.SendEventAsync(Channel("CHANNEL_HANGUP_COMPLETE", Agent, T0, new() { ["Hangup-Cause"] = "NORMAL_CLEARING" }));
        await harness.SettleAsync();
        await harness.Switch.OriginateAsync(new OriginateRequest(Customer + "1", "call-3", new PstnEndpoint("5550102", "carrier-1"), "4000"));
        Assert.Equal(2, harness.Server.Commands.Count(c => c.Verb == "bgapi"));
    }

    [Fact]
    public async Task After_a_reconnect_live_legs_are_reattached_and_legs_that_ended_meanwhile_are_reported()
    {
        var channels = $$"""
            {"row_count":1,"rows":[{"uuid":"{{Agent}}","direction":"outbound","created":"2026-01-05 09:00:00","created_epoch":"1767600000",
              "name":"sofia/internal/1001@10.0.0.7","state":"CS_EXCHANGE_MEDIA","cid_name":"Queue","cid_num":"4000","dest":"1001","callstate":"ACTIVE"}]}
            """;
        var dump = $$"""
            {"Event-Name":"CHANNEL_DATA","Unique-ID":"{{Agent}}","Channel-Call-State":"HELD","Caller-Channel-Created-Time":"{{T0}}",
             "Caller-Channel-Answered-Time":"{{T0 + 2_000_000}}","variable_cc_call":"call-1","variable_cc_tenant":"t1","variable_bridge_uuid":"{{Customer}}"}
            """;
        await using var harness = await SwitchHarness.StartAsync();
        await harness.SendEventAsync(Channel("CHANNEL_CREATE", Agent, T0, new() { ["variable_cc_call"] = "call-1" }));
        await harness.SendEventAsync(Channel("CHANNEL_CREATE", Customer, T0, new() { ["variable_cc_call"] = "call-1" }));
        await harness.SettleAsync();
        harness.Behaviour.OnApi("show channels as json", channels);
        harness.Behaviour.OnApi($"uuid_dump {Agent} json", dump);

        harness.Server.DropConnections();
        await harness.Server.WaitForSessionAsync(2);
        var reconnected = await harness.WaitForAsync<SwitchConnectionChanged>(e => e.Connected);

        var lost = harness.Events.OfType<SwitchConnectionChanged>().First();
        Assert.False(lost.Connected);
        var ended = await harness.WaitForAsync<LegHungUp>();
        Assert.Equal((Customer, "call-1"), (ended.LegId, ended.CallId));
        Assert.Contains("1 live leg(s) re-attached, 1 ended while disconnected", reconnected.Reason);
        Assert.True(harness.Events.ToList().IndexOf(ended) < harness.Events.ToList().IndexOf(reconnected));
        Assert.Equal(["json " + FreeSwitchSwitch.EventSubscription], (await harness.Server.WaitForSessionAsync(2)).Subscriptions);

        var legs = await harness.Switch.ListLegsAsync();
        var leg = Assert.Single(legs);
        Assert.Equal((Agent, "call-1", LegDirection.Outbound, "4000", "1001", LegState.Held, Customer), (leg.LegId, leg.CallId, leg.Direction, leg.CallerIdNumber, leg.DestinationNumber, leg.State, leg.BridgedTo));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 / 1000 + 2000), leg.AnsweredAt);
        Assert.Equal("t1", leg.Variables["cc_tenant"]);
    }

    [Fact]
    public async Task Finished_recordings_are_uploaded_to_the_blob_store_before_they_are_reported()
    {
        var local = Directory.CreateTempSubdirectory("cc-recordings-");
        try
        {
            var store = new InMemoryBlobStore();
            await using var harness = await SwitchHarness.StartAsync(configure: o => o.RecordingLocalDirectory = local.FullName, recordings: store);
            Directory.CreateDirectory(Path.Combine(local.FullName, "t1"));
            await File.WriteAllBytesAsync(Path.Combine(local.FullName, "t1", "call-1.wav"), [1, 2, 3, 4]);

            await harness.SendEventAsync(Channel("RECORD_STOP", Agent, T0, new() { ["Record-File-Path"] = "/var/lib/freeswitch/recordings/t1/call-1.wav", ["variable_record_seconds"] = "4" }));

            var finished = await harness.WaitForAsync<RecordingFinished>();
            Assert.Equal(("t1/call-1.wav", TimeSpan.FromSeconds(4)), (finished.BlobKey, finished.Duration));
            Assert.Equal(4, (await store.GetInfoAsync("t1/call-1.wav"))!.Length);
            Assert.False(File.Exists(Path.Combine(local.FullName, "t1", "call-1.wav")));
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Channel(string name, string leg, long at, Dictionary<string, string>? extra = null)
    {
        var headers = SwitchHarness.ChannelEvent(name, leg, at, leg == Agent ? AgentVariables : null);
        foreach (var (key, value) in extra ?? []) headers[key] = value;
        return headers;
    }

    private static Dictionary<string, string> Custom(string subclass, Dictionary<string, string> headers)
    {
        headers["Event-Name"] = "CUSTOM";
        headers["Event-Subclass"] = subclass;
        headers["Event-Date-Timestamp"] = T0.ToString();
        return headers;
    }
}
