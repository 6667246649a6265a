using System.Diagnostics;

namespace CallCenter.Telephony.Tests;

/// <summary>
/// The behaviour every <see cref="ISwitch"/> owes the grains, run against each implementation: the simulated network
/// (<c>SimulatedSwitchContractTests</c>) and the FreeSWITCH driver against a fake FreeSWITCH (its test project compiles
/// this file through a linked <c>&lt;Compile Include&gt;</c>). The file depends only on the Contracts assembly and xunit.
///
/// An implementation supplies these hooks:
/// <list type="bullet">
/// <item><see cref="CreateSwitchAsync"/>: a fresh switch on a fresh network whose time only moves through
/// <see cref="AdvanceAsync"/>, and whose far ends never act on their own: phones and PSTN numbers ring until
/// <see cref="AnswerFarEndAsync"/>, never hang up, press keys or turn busy unless told to; any PSTN number is reachable
/// through any provisioned gateway.</item>
/// <item><see cref="AdvanceAsync"/>: moves that time forward (zero: not at all) and returns once every event it set off
/// has been delivered to subscribers.</item>
/// <item><see cref="RegisterPhoneAsync"/>: the phone of a provisioned extension registers.</item>
/// <item><see cref="SetPhoneBusyAsync"/>: the phone refuses calls with 486 Busy Here (or stops doing so).</item>
/// <item><see cref="AnswerFarEndAsync"/>, <see cref="HangupFarEndAsync"/>, <see cref="PressDigitsAsync"/>: the party on a
/// leg picks up, hangs up (SIP BYE), presses keys.</item>
/// <item><see cref="RecordingExistsAsync"/>: whether the recording store holds the key.</item>
/// <item><see cref="DisposeSwitchAsync"/> (optional): tear-down.</item>
/// </list>
/// Events are awaited by polling with <see cref="AdvanceAsync"/>(zero) in between, for up to
/// <see cref="EventWaitLimit"/> of real time, so a driver whose events arrive over a socket passes too.
/// </summary>
public abstract class SwitchContractTests : IAsyncLifetime
{
    protected const string Domain = "contract.example";
    protected const string GatewayName = "contract-gw";
    protected static readonly TimeSpan EventWaitLimit = TimeSpan.FromSeconds(10);

    private readonly List<SwitchEvent> _events = [];
    private readonly Lock _eventsGate = new();
    private IDisposable? _subscription;

    protected ISwitch Switch { get; private set; } = null!;

    protected abstract Task<ISwitch> CreateSwitchAsync();
    protected abstract Task AdvanceAsync(TimeSpan by);
    protected abstract Task RegisterPhoneAsync(string extension, string domain);
    protected abstract Task SetPhoneBusyAsync(string extension, string domain, bool busy);
    protected abstract Task AnswerFarEndAsync(string legId);
    protected abstract Task HangupFarEndAsync(string legId);
    protected abstract Task PressDigitsAsync(string legId, string digits);
    protected abstract Task<bool> RecordingExistsAsync(string blobKey);

    protected virtual async Task DisposeSwitchAsync(ISwitch telephony)
    {
        if (telephony is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else (telephony as IDisposable)?.Dispose();
    }

    public async Task InitializeAsync()
    {
        Switch = await CreateSwitchAsync();
        _subscription = Switch.Subscribe(e =>
        {
            lock (_eventsGate) _events.Add(e);
            return ValueTask.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await DisposeSwitchAsync(Switch);
    }

    [Fact]
    public async Task Registering_a_provisioned_phone_reports_its_contact()
    {
        await Switch.ProvisionExtensionAsync(new ExtensionCredentials("1000", Domain, "s3cret-1000"));
        await RegisterPhoneAsync("1000", Domain);

        var registered = await WaitForAsync<ExtensionRegistered>(e => e.Extension == "1000");
        Assert.Equal(Domain, registered.Domain, ignoreCase: true);
        Assert.False(string.IsNullOrEmpty(registered.Contact));
    }

    [Fact]
    public async Task Originate_to_a_registered_extension_rings_then_answers_in_order_carrying_call_and_variables()
    {
        await ProvisionAndRegisterAsync("1001");
        var callId = NewId("call");
        var leg = NewLegId();
        var variables = Variables(callId, "agent");

        await Switch.OriginateAsync(new OriginateRequest(leg, callId, new ExtensionEndpoint("1001", Domain), "4000", "Queue", TimeSpan.FromSeconds(30), variables));
        await WaitForAsync<LegRinging>(leg);
        await AnswerFarEndAsync(leg);
        await WaitForAsync<LegAnswered>(leg);

        var events = EventsOf(leg);
        Assert.Equal([typeof(LegCreated), typeof(LegRinging), typeof(LegAnswered)], events.Select(e => e.GetType()));
        var created = Assert.IsType<LegCreated>(events[0]);
        Assert.Equal(LegDirection.Outbound, created.Direction);
        Assert.Equal("1001", created.DestinationNumber);
        Assert.Equal(Domain, created.Domain, ignoreCase: true);
        Assert.Null(created.Gateway);
        AssertCarriesCall(events, callId, variables);
        AssertTimestampsInOrder(events);
    }

    [Fact]
    public async Task Bridge_reports_LegBridged_on_both_legs_and_lists_them_bridged()
    {
        var (agent, customer) = await TwoAnsweredLegsAsync();

        await Switch.BridgeAsync(agent, customer);

        Assert.Equal(customer, (await WaitForAsync<LegBridged>(agent)).OtherLegId);
        Assert.Equal(agent, (await WaitForAsync<LegBridged>(customer)).OtherLegId);
        var legs = (await Switch.ListLegsAsync()).ToDictionary(l => l.LegId);
        Assert.Equal(customer, legs[agent].BridgedTo);
        Assert.Equal(agent, legs[customer].BridgedTo);
        Assert.Equal(LegState.Answered, legs[agent].State);
        Assert.NotNull(legs[agent].AnsweredAt);
    }

    [Fact]
    public async Task Hold_and_unhold_report_events_and_leg_state()
    {
        var (agent, customer) = await TwoBridgedLegsAsync();

        await Switch.HoldAsync(customer);
        await WaitForAsync<LegHeld>(customer);
        Assert.Equal(LegState.Held, (await Switch.ListLegsAsync()).Single(l => l.LegId == customer).State);

        await Switch.UnholdAsync(customer);
        await WaitForAsync<LegUnheld>(customer);
        var listed = (await Switch.ListLegsAsync()).Single(l => l.LegId == customer);
        Assert.Equal(LegState.Answered, listed.State);
        Assert.Equal(agent, listed.BridgedTo);
    }

    [Fact]
    public async Task Far_end_hangup_ends_the_bridged_partner_with_normal_clearing_and_billsec()
    {
        var (agent, customer) = await TwoBridgedLegsAsync();
        await AdvanceAsync(TimeSpan.FromSeconds(30));

        await HangupFarEndAsync(customer);

        var customerEnd = await WaitForAsync<LegHungUp>(customer);
        var agentEnd = await WaitForAsync<LegHungUp>(agent);
        Assert.Equal(HangupCauses.NormalClearing, customerEnd.Cause);
        Assert.Equal(HangupInitiator.Remote, customerEnd.Initiator);
        Assert.Equal(HangupCauses.NormalClearing, agentEnd.Cause);
        Assert.Equal(HangupInitiator.Local, agentEnd.Initiator);
        Assert.InRange(customerEnd.BillSeconds, 29, 31);
        Assert.InRange(agentEnd.BillSeconds, 29, 31);
        Assert.NotNull(customerEnd.AnsweredAt);
        Assert.True(customerEnd.DurationSeconds >= customerEnd.BillSeconds);
        foreach (var leg in new[] { agent, customer })
        {
            var events = EventsOf(leg);
            Assert.IsType<LegHungUp>(events[^1]);
            Assert.Contains(events, e => e is LegUnbridged);
            Assert.True(IndexOf<LegUnbridged>(events) < IndexOf<LegHungUp>(events), "LegUnbridged comes before LegHungUp");
        }
        Assert.DoesNotContain(await Switch.ListLegsAsync(), l => l.LegId == agent || l.LegId == customer);
    }

    [Fact]
    public async Task Control_plane_hangup_uses_the_given_cause_locally_and_clears_the_partner()
    {
        var (agent, customer) = await TwoBridgedLegsAsync();

        await Switch.HangupAsync(agent, HangupCauses.ManagerRequest);

        var agentEnd = await WaitForAsync<LegHungUp>(agent);
        var customerEnd = await WaitForAsync<LegHungUp>(customer);
        Assert.Equal(HangupCauses.ManagerRequest, agentEnd.Cause);
        Assert.Equal(HangupInitiator.Local, agentEnd.Initiator);
        Assert.Equal(HangupCauses.NormalClearing, customerEnd.Cause);
        Assert.Equal(HangupInitiator.Local, customerEnd.Initiator);
    }

    [Fact]
    public async Task Originate_to_an_unregistered_extension_fails_with_only_LegHungUp_USER_NOT_REGISTERED()
    {
        await Switch.ProvisionExtensionAsync(new ExtensionCredentials("1003", Domain, "s3cret-1003"));
        var callId = NewId("call");
        var leg = NewLegId();

        await Switch.OriginateAsync(new OriginateRequest(leg, callId, new ExtensionEndpoint("1003", Domain), "4000", Variables: Variables(callId, "agent")));

        var end = await WaitForAsync<LegHungUp>(leg);
        await AdvanceAsync(TimeSpan.Zero);
        Assert.Equal(HangupCauses.UserNotRegistered, end.Cause);
        Assert.Null(end.AnsweredAt);
        Assert.Equal(0, end.BillSeconds);
        Assert.Equal(callId, end.CallId);
        // No channel was ever created, so nothing else is reported for the leg.
        Assert.Single(EventsOf(leg));
    }

    [Fact]
    public async Task Originate_to_a_busy_phone_ends_with_USER_BUSY_from_the_far_end()
    {
        await ProvisionAndRegisterAsync("1004");
        await SetPhoneBusyAsync("1004", Domain, true);
        var leg = NewLegId();

        await Switch.OriginateAsync(new OriginateRequest(leg, NewId("call"), new ExtensionEndpoint("1004", Domain), "4000"));

        var end = await WaitForAsync<LegHungUp>(leg);
        Assert.Equal(HangupCauses.UserBusy, end.Cause);
        Assert.Equal(HangupInitiator.Remote, end.Initiator);
        var events = EventsOf(leg);
        Assert.IsType<LegCreated>(events[0]);
        Assert.IsType<LegHungUp>(events[^1]);
        Assert.DoesNotContain(events, e => e is LegAnswered);
    }

    [Fact]
    public async Task An_unanswered_leg_ends_with_NO_ANSWER_when_the_ring_timeout_expires()
    {
        await ProvisionAndRegisterAsync("1005");
        var leg = NewLegId();

        await Switch.OriginateAsync(new OriginateRequest(leg, NewId("call"), new ExtensionEndpoint("1005", Domain), "4000", RingTimeout: TimeSpan.FromSeconds(20)));
        await WaitForAsync<LegRinging>(leg);
        await AdvanceAsync(TimeSpan.FromSeconds(19));
        Assert.DoesNotContain(EventsOf(leg), e => e is LegHungUp);

        await AdvanceAsync(TimeSpan.FromSeconds(2));
        var end = await WaitForAsync<LegHungUp>(leg);
        Assert.Equal(HangupCauses.NoAnswer, end.Cause);
        Assert.Equal(HangupInitiator.Local, end.Initiator);
        Assert.Null(end.AnsweredAt);
        Assert.Equal(0, end.BillSeconds);
        Assert.InRange(end.DurationSeconds, 19, 21);
    }

    [Fact]
    public async Task Commands_on_unknown_or_ended_legs_throw_SwitchCommandException()
    {
        var unknown = NewLegId();
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.AnswerAsync(unknown));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.HangupAsync(unknown));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.HoldAsync(unknown));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.ParkAsync(unknown));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.PlayAsync(unknown, "prompt.wav"));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.StartRecordingAsync(unknown, "contract/x.wav"));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.CollectDigitsAsync(unknown, new DigitCollection(null)));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.TransferAsync(unknown, new ExtensionEndpoint("1000", Domain)));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.SetVariablesAsync(unknown, new Dictionary<string, string> { ["x"] = "y" }));

        var (agent, customer) = await TwoAnsweredLegsAsync();
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.BridgeAsync(agent, unknown));
        await HangupFarEndAsync(customer);
        await WaitForAsync<LegHungUp>(customer);
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.HangupAsync(customer));
        await Assert.ThrowsAsync<SwitchCommandException>(() => Switch.BridgeAsync(agent, customer));
    }

    [Fact]
    public async Task Recording_stops_with_RecordingFinished_and_the_blob_exists()
    {
        var (agent, customer) = await TwoBridgedLegsAsync();
        var key = $"contract/recordings/{NewId("rec")}.wav";

        await Switch.StartRecordingAsync(customer, key);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await Switch.StopRecordingAsync(customer, key);

        var finished = await WaitForAsync<RecordingFinished>(customer);
        Assert.Equal(key, finished.BlobKey);
        Assert.InRange(finished.Duration.TotalSeconds, 9, 11);
        Assert.True(await RecordingExistsAsync(key));
        Assert.Contains(await Switch.ListLegsAsync(), l => l.LegId == agent);
    }

    [Fact]
    public async Task A_recording_still_running_finishes_before_the_leg_hangs_up()
    {
        var (_, customer) = await TwoBridgedLegsAsync();
        var key = $"contract/recordings/{NewId("rec")}.wav";
        await Switch.StartRecordingAsync(customer, key);
        await AdvanceAsync(TimeSpan.FromSeconds(5));

        await HangupFarEndAsync(customer);

        await WaitForAsync<LegHungUp>(customer);
        var events = EventsOf(customer);
        Assert.True(IndexOf<RecordingFinished>(events) >= 0, "a running recording is finished when its leg hangs up");
        Assert.True(IndexOf<RecordingFinished>(events) < IndexOf<LegHungUp>(events));
        Assert.True(await RecordingExistsAsync(key));
    }

    [Fact]
    public async Task Playback_reports_completion_and_stopping()
    {
        var (_, customer) = await TwoAnsweredLegsAsync();

        await Switch.PlayAsync(customer, "ivr/welcome.wav");
        await AdvanceAsync(TimeSpan.FromSeconds(60));
        var finished = await WaitForAsync<PlaybackFinished>(customer);
        Assert.Equal("ivr/welcome.wav", finished.Prompt);
        Assert.True(finished.Completed);

        await Switch.PlayAsync(customer, "moh/queue-music.wav", loop: true);
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await Switch.StopPlaybackAsync(customer);
        var stopped = await WaitForAsync<PlaybackFinished>(customer, e => e.Prompt == "moh/queue-music.wav");
        Assert.False(stopped.Completed);
    }

    [Fact]
    public async Task Conference_join_list_and_kick()
    {
        var (agent, customer) = await TwoAnsweredLegsAsync();
        var room = NewId("conf");

        await Switch.ConferenceJoinAsync(room, agent, moderator: true);
        await Switch.ConferenceJoinAsync(room, customer, muted: true);

        var agentJoined = await WaitForAsync<ConferenceMemberJoined>(agent);
        var customerJoined = await WaitForAsync<ConferenceMemberJoined>(customer);
        Assert.Equal(room, agentJoined.Conference);
        Assert.NotEqual(agentJoined.MemberId, customerJoined.MemberId);
        var members = await Switch.ConferenceListAsync(room);
        Assert.Equal(2, members.Count);
        Assert.True(members.Single(m => m.LegId == agent).Moderator);
        Assert.True(members.Single(m => m.LegId == customer).Muted);
        Assert.Equal(customerJoined.MemberId, members.Single(m => m.LegId == customer).MemberId);

        await Switch.ConferenceKickAsync(room, customer);

        var left = await WaitForAsync<ConferenceMemberLeft>(customer);
        Assert.Equal(room, left.Conference);
        Assert.Equal(customerJoined.MemberId, left.MemberId);
        Assert.Equal([agent], (await Switch.ConferenceListAsync(room)).Select(m => m.LegId));
    }

    [Fact]
    public async Task Pressed_keys_arrive_as_DTMF_in_order()
    {
        var (_, customer) = await TwoAnsweredLegsAsync();

        await PressDigitsAsync(customer, "12#");

        await WaitForAsync<DtmfReceived>(customer, e => e.Digit == '#');
        Assert.Equal("12#", new string(EventsOf(customer).OfType<DtmfReceived>().Select(e => e.Digit).ToArray()));
    }

    [Fact]
    public async Task Digit_collection_returns_the_digits_up_to_the_terminator_or_nothing_on_timeout()
    {
        var (_, customer) = await TwoAnsweredLegsAsync();

        await Switch.CollectDigitsAsync(customer, new DigitCollection(null, MinDigits: 1, MaxDigits: 4, Timeout: TimeSpan.FromSeconds(5)));
        await PressDigitsAsync(customer, "42#");
        var collected = await WaitForAsync<DigitsCollected>(customer);
        Assert.Equal("42", collected.Digits);
        Assert.True(collected.Valid);

        await Switch.CollectDigitsAsync(customer, new DigitCollection(null, MinDigits: 1, MaxDigits: 4, Timeout: TimeSpan.FromSeconds(5)));
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        var timedOut = await WaitForAsync<DigitsCollected>(customer, e => !ReferenceEquals(e, collected));
        Assert.Equal("", timedOut.Digits);
        Assert.False(timedOut.Valid);
    }

    [Fact]
    public async Task Pstn_call_through_a_gateway_hides_the_dial_prefix_and_honours_the_channel_limit()
    {
        await Switch.ProvisionGatewayAsync(new GatewayDefinition(GatewayName, "carrier.example:5060", ChannelLimit: 1));
        var first = NewLegId();
        await Switch.OriginateAsync(new OriginateRequest(first, NewId("call"), new PstnEndpoint("5550100", GatewayName, DialPrefix: "9"), "4000"));

        var created = await WaitForAsync<LegCreated>(first);
        Assert.Equal("5550100", created.DestinationNumber);
        Assert.Equal(GatewayName, created.Gateway);
        await WaitForAsync<LegRinging>(first);
        await AnswerFarEndAsync(first);
        await WaitForAsync<LegAnswered>(first);

        var second = NewLegId();
        await Switch.OriginateAsync(new OriginateRequest(second, NewId("call"), new PstnEndpoint("5550101", GatewayName, DialPrefix: "9"), "4000"));
        var refused = await WaitForAsync<LegHungUp>(second);
        Assert.Equal(HangupCauses.NormalCircuitCongestion, refused.Cause);
        await AdvanceAsync(TimeSpan.Zero);
        Assert.Single(EventsOf(second));
    }

    [Fact]
    public async Task ListLegs_returns_only_live_legs()
    {
        var (agent, customer) = await TwoAnsweredLegsAsync();
        var listed = await Switch.ListLegsAsync();
        Assert.Contains(listed, l => l.LegId == agent && l.Direction == LegDirection.Outbound && l.CallId is not null);
        Assert.Contains(listed, l => l.LegId == customer);

        await HangupFarEndAsync(customer);
        await WaitForAsync<LegHungUp>(customer);
        listed = await Switch.ListLegsAsync();
        Assert.Contains(listed, l => l.LegId == agent);
        Assert.DoesNotContain(listed, l => l.LegId == customer);
    }

    [Fact]
    public async Task Variables_set_on_a_live_leg_travel_with_its_later_events()
    {
        var (agent, _) = await TwoAnsweredLegsAsync();

        await Switch.SetVariablesAsync(agent, new Dictionary<string, string> { [ChannelVariables.Role] = "supervisor" });
        await Switch.HoldAsync(agent);

        var held = await WaitForAsync<LegHeld>(agent);
        Assert.Equal("supervisor", held.Variable(ChannelVariables.Role));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    protected static string NewLegId() => Guid.NewGuid().ToString();

    protected static string NewId(string kind) => $"{kind}-{Guid.NewGuid():N}";

    protected static Dictionary<string, string> Variables(string callId, string role) => new()
    {
        [ChannelVariables.Tenant] = "tenant-contract",
        [ChannelVariables.Call] = callId,
        [ChannelVariables.Role] = role,
    };

    protected async Task ProvisionAndRegisterAsync(string extension)
    {
        await Switch.ProvisionExtensionAsync(new ExtensionCredentials(extension, Domain, $"s3cret-{extension}"));
        await RegisterPhoneAsync(extension, Domain);
        await WaitForAsync<ExtensionRegistered>(e => e.Extension == extension);
    }

    /// <summary>Two answered outbound legs of one call, to extensions 2001 (agent) and 2002 (customer).</summary>
    protected async Task<(string Agent, string Customer)> TwoAnsweredLegsAsync()
    {
        await ProvisionAndRegisterAsync("2001");
        await ProvisionAndRegisterAsync("2002");
        var callId = NewId("call");
        var agent = NewLegId();
        var customer = NewLegId();
        await Switch.OriginateAsync(new OriginateRequest(agent, callId, new ExtensionEndpoint("2001", Domain), "4000", Variables: Variables(callId, "agent")));
        await Switch.OriginateAsync(new OriginateRequest(customer, callId, new ExtensionEndpoint("2002", Domain), "4000", Variables: Variables(callId, "customer")));
        await WaitForAsync<LegRinging>(agent);
        await WaitForAsync<LegRinging>(customer);
        await AnswerFarEndAsync(agent);
        await AnswerFarEndAsync(customer);
        await WaitForAsync<LegAnswered>(agent);
        await WaitForAsync<LegAnswered>(customer);
        return (agent, customer);
    }

    protected async Task<(string Agent, string Customer)> TwoBridgedLegsAsync()
    {
        var (agent, customer) = await TwoAnsweredLegsAsync();
        await Switch.BridgeAsync(agent, customer);
        await WaitForAsync<LegBridged>(agent);
        await WaitForAsync<LegBridged>(customer);
        return (agent, customer);
    }

    protected IReadOnlyList<SwitchEvent> EventsOf(string legId)
    {
        lock (_eventsGate) return _events.Where(e => e.LegId == legId).ToArray();
    }

    protected Task<T> WaitForAsync<T>(string legId, Func<T, bool>? predicate = null) where T : SwitchEvent =>
        WaitForAsync<T>(e => e.LegId == legId && (predicate is null || predicate(e)));

    protected async Task<T> WaitForAsync<T>(Func<T, bool> predicate) where T : SwitchEvent
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            lock (_eventsGate)
            {
                var found = _events.OfType<T>().FirstOrDefault(predicate);
                if (found is not null) return found;
            }
            if (clock.Elapsed > EventWaitLimit)
            {
                string seen;
                lock (_eventsGate) seen = string.Join("\n  ", _events.Select(e => $"{e.GetType().Name} {e.LegId}"));
                Assert.Fail($"no {typeof(T).Name} matching the condition within {EventWaitLimit.TotalSeconds}s; events seen:\n  {seen}");
            }
            await AdvanceAsync(TimeSpan.Zero);
            if (attempt > 2) await Task.Delay(10);
        }
    }

    private static int IndexOf<T>(IReadOnlyList<SwitchEvent> events) where T : SwitchEvent
    {
        for (var i = 0; i < events.Count; i++) if (events[i] is T) return i;
        return -1;
    }

    private static void AssertCarriesCall(IEnumerable<SwitchEvent> events, string callId, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var e in events)
        {
            Assert.Equal(callId, e.CallId);
            foreach (var (name, value) in variables) Assert.Equal(value, e.Variable(name));
        }
    }

    private static void AssertTimestampsInOrder(IReadOnlyList<SwitchEvent> events)
    {
        for (var i = 1; i < events.Count; i++) Assert.True(events[i].Timestamp >= events[i - 1].Timestamp, "event timestamps never go backwards");
    }
}
