using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Turns FreeSWITCH events into <see cref="SwitchEvent"/>s. Runs on the single event pump, in event order, so the leg
/// table it keeps needs no locking. Events it does not know, and events missing the headers it needs, produce nothing
/// (and a log line); they never throw past <see cref="Translate"/>.
/// </summary>
internal sealed class FreeSwitchEventTranslator(
    FreeSwitchOptions options,
    FreeSwitchCallRegistry registry,
    ILogger logger,
    TimeProvider time)
{
    private const int RecentlyEndedCapacity = 4096;
    private readonly Dictionary<string, TrackedLeg> _legs = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _recentlyEnded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _recentlyEndedOrder = new();
    private readonly List<string> _partnersToHangUp = [];

    public int TrackedLegCount => _legs.Count;

    /// <summary>Legs whose bridge partner started hanging up and that the driver must now end (their own
    /// park_after_bridge kept them up); taken by the switch after each translation.</summary>
    public IReadOnlyList<string> TakePartnersToHangUp()
    {
        if (_partnersToHangUp.Count == 0) return [];
        var legs = _partnersToHangUp.ToArray();
        _partnersToHangUp.Clear();
        return legs;
    }

    public IReadOnlyList<SwitchEvent> Translate(EslEvent evt)
    {
        try
        {
            return evt.Name switch
            {
                "CHANNEL_CREATE" => LegCreated(evt),
                "CHANNEL_PROGRESS" => OnLeg(evt, new LegRinging(false)),
                "CHANNEL_PROGRESS_MEDIA" => OnLeg(evt, new LegRinging(true)),
                "CHANNEL_ANSWER" => Answered(evt),
                "CHANNEL_BRIDGE" => Bridged(evt),
                "CHANNEL_UNBRIDGE" => Unbridged(evt),
                "CHANNEL_HOLD" => Held(evt, true),
                "CHANNEL_UNHOLD" => Held(evt, false),
                "CHANNEL_CALLSTATE" => CallState(evt),
                "DTMF" => Dtmf(evt),
                "PLAYBACK_STOP" => PlaybackStopped(evt),
                "RECORD_STOP" => RecordStopped(evt),
                "CHANNEL_EXECUTE_COMPLETE" => ExecuteComplete(evt),
                "CHANNEL_HANGUP" => HangingUp(evt),
                "CHANNEL_HANGUP_COMPLETE" => HungUp(evt),
                "BACKGROUND_JOB" => BackgroundJob(evt),
                "CUSTOM" => Custom(evt),
                _ => Skip(evt, "not an event the driver maps"),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            logger.LogWarning("Skipping FreeSWITCH {EventName} for {LegId}: {Reason}", evt.Name, evt.UniqueId, ex.Message);
            return [];
        }
    }

    /// <summary>
    /// After a (re)connect: legs the switch still has are tracked again (so their later events carry call ids), and legs
    /// we knew that the switch no longer has ended while we were away, so they are reported hung up now.
    /// </summary>
    public IReadOnlyList<SwitchEvent> Reattach(IReadOnlyList<LiveLeg>? live, bool reconnected, string reason)
    {
        if (live is null)
        {
            // Listing failed: we cannot tell which legs ended, so we assume none did rather than end live calls.
            return reconnected ? [new SwitchConnectionChanged(true, reason) { Timestamp = time.GetUtcNow() }] : [];
        }
        var now = time.GetUtcNow();
        var events = new List<SwitchEvent>();
        var liveIds = live.Select(l => l.LegId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in _legs.Values.Where(l => !liveIds.Contains(l.LegId)).ToArray())
        {
            logger.LogWarning("Leg {LegId} ended while the event socket was down; reporting it hung up", gone.LegId);
            var created = gone.CreatedAt ?? now;
            events.Add(Stamp(new LegHungUp(HangupCauses.NormalClearing, HangupInitiator.Local, created, gone.AnsweredAt,
                Seconds(now - (gone.AnsweredAt ?? now)), Seconds(now - created)), gone, now));
            End(gone.LegId);
        }
        foreach (var pending in registry.PendingOriginates)
        {
            // Its BACKGROUND_JOB may have fired while we were away; once the ring time is over it cannot still be coming.
            if (liveIds.Contains(pending.Request.LegId) || _legs.ContainsKey(pending.Request.LegId)) continue;
            if (pending.RequestedAt + pending.RingTimeout + options.CommandTimeout > now) continue;
            if (registry.TakeOriginate(pending.JobUuid) is null) continue;
            events.Add(OriginateFailed(pending, HangupCauses.NormalTemporaryFailure, now));
        }
        foreach (var leg in live)
        {
            var tracked = Track(leg.LegId);
            tracked.CallId = leg.CallId ?? tracked.CallId;
            if (leg.Variables.Count > 0)
            {
                tracked.Variables = leg.Variables;
                registry.SetCallVariables(leg.LegId, leg.Variables);
            }
            tracked.CreatedAt = leg.CreatedAt;
            tracked.AnsweredAt = leg.AnsweredAt;
            tracked.BridgedTo = leg.BridgedTo;
            tracked.Held = leg.State == LegState.Held;
        }
        if (reconnected)
        {
            events.Add(new SwitchConnectionChanged(true, $"{reason}; {live.Count} live leg(s) re-attached, {events.Count} ended while disconnected")
            {
                Timestamp = now,
            });
        }
        return events;
    }

    private IReadOnlyList<SwitchEvent> LegCreated(EslEvent evt)
    {
        if (evt.UniqueId is not { Length: > 0 } legId) return Skip(evt, "no Unique-ID");
        _recentlyEnded.Remove(legId);
        var leg = Track(legId);
        leg.CreatedAt = EslEvent.MicrosecondsToTime(evt.Header("Caller-Channel-Created-Time")) ?? evt.Timestamp ?? time.GetUtcNow();
        var direction = string.Equals(evt.Header("Call-Direction") ?? evt.Header("Caller-Direction") ?? evt.Variable("direction"), "inbound",
            StringComparison.OrdinalIgnoreCase) ? LegDirection.Inbound : LegDirection.Outbound;

        var pending = registry.FindOriginateByLeg(legId);
        LegCreated created;
        if (pending is not null)
        {
            var request = pending.Request;
            leg.CallId ??= request.CallId;
            if (leg.Variables.Count == 0)
            {
                leg.Variables = pending.Variables;
                registry.SetCallVariables(legId, pending.Variables);
            }
            created = request.Destination switch
            {
                ExtensionEndpoint e => new LegCreated(direction, request.CallerIdNumber, e.Extension, null,
                    string.IsNullOrEmpty(e.Domain) ? options.DefaultDomain : e.Domain),
                PstnEndpoint p => new LegCreated(direction, request.CallerIdNumber, p.Number, p.Gateway, null),
                _ => new LegCreated(direction, request.CallerIdNumber, evt.Header("Caller-Destination-Number") ?? "", null, null),
            };
        }
        else
        {
            created = new LegCreated(
                direction,
                evt.Header("Caller-Caller-ID-Number") ?? "",
                evt.Header("Caller-Destination-Number") ?? "",
                evt.Variable("sip_gateway_name"),
                evt.Variable("domain_name") ?? evt.Variable("dialed_domain") ?? evt.Variable("sip_to_host"));
        }
        return [Stamp(created, leg, evt)];
    }

    private IReadOnlyList<SwitchEvent> Answered(EslEvent evt)
    {
        if (LegOf(evt) is not { } leg) return Skip(evt, "no Unique-ID");
        leg.AnsweredAt = EslEvent.MicrosecondsToTime(evt.Header("Caller-Channel-Answered-Time")) ?? evt.Timestamp ?? time.GetUtcNow();
        return [Stamp(new LegAnswered(), leg, evt)];
    }

    /// <summary>FreeSWITCH fires one CHANNEL_BRIDGE, on the originating side; both legs are told, each once.</summary>
    private IReadOnlyList<SwitchEvent> Bridged(EslEvent evt)
    {
        var a = evt.Header("Bridge-A-Unique-ID") ?? evt.UniqueId;
        var b = evt.Header("Bridge-B-Unique-ID") ?? evt.Header("Other-Leg-Unique-ID");
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return Skip(evt, "bridge without both leg ids");
        var events = new List<SwitchEvent>(2);
        foreach (var (self, other) in new[] { (a, b), (b, a) })
        {
            var leg = Track(self);
            if (string.Equals(leg.BridgedTo, other, StringComparison.OrdinalIgnoreCase)) continue;
            leg.BridgedTo = other;
            registry.SetPartner(self, other);
            events.Add(string.Equals(self, evt.UniqueId, StringComparison.OrdinalIgnoreCase)
                ? Stamp(new LegBridged(other), leg, evt)
                : Stamp(new LegBridged(other), leg, evt.Timestamp ?? time.GetUtcNow()));
        }
        return events;
    }

    private IReadOnlyList<SwitchEvent> Unbridged(EslEvent evt)
    {
        var a = evt.Header("Bridge-A-Unique-ID") ?? evt.UniqueId;
        var b = evt.Header("Bridge-B-Unique-ID") ?? evt.Header("Other-Leg-Unique-ID");
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return Skip(evt, "unbridge without both leg ids");
        var events = new List<SwitchEvent>(2);
        foreach (var (self, other) in new[] { (a, b), (b, a) })
        {
            // Each side is told once, whichever side's event arrives first; a leg since bridged elsewhere is not told.
            if (!_legs.TryGetValue(self, out var leg) || !string.Equals(leg.BridgedTo, other, StringComparison.OrdinalIgnoreCase)) continue;
            leg.BridgedTo = null;
            registry.SetPartner(self, null);
            events.Add(string.Equals(self, evt.UniqueId, StringComparison.OrdinalIgnoreCase)
                ? Stamp(new LegUnbridged(other), leg, evt)
                : Stamp(new LegUnbridged(other), leg, evt.Timestamp ?? time.GetUtcNow()));
        }
        return events;
    }

    private IReadOnlyList<SwitchEvent> Held(EslEvent evt, bool held)
    {
        if (LegOf(evt) is not { } leg) return Skip(evt, "no Unique-ID");
        if (leg.Held == held) return [];
        leg.Held = held;
        return [Stamp(held ? new LegHeld() : new LegUnheld(), leg, evt)];
    }

    /// <summary>Older FreeSWITCH versions (and configurations that subscribe to call states) signal hold only as a
    /// call-state change to and from HELD.</summary>
    private IReadOnlyList<SwitchEvent> CallState(EslEvent evt)
    {
        var state = evt.Header("Channel-Call-State");
        var previous = evt.Header("Original-Channel-Call-State");
        if (state == "HELD") return Held(evt, true);
        if (previous == "HELD" && state is "ACTIVE") return Held(evt, false);
        return [];
    }

    private IReadOnlyList<SwitchEvent> Dtmf(EslEvent evt)
    {
        if (LegOf(evt) is not { } leg) return Skip(evt, "no Unique-ID");
        if (evt.Header("DTMF-Digit") is not { Length: > 0 } digit) return Skip(evt, "no DTMF-Digit");
        return [Stamp(new DtmfReceived(digit[0]), leg, evt)];
    }

    private IReadOnlyList<SwitchEvent> PlaybackStopped(EslEvent evt)
    {
        if (LegOf(evt) is not { } leg) return Skip(evt, "no Unique-ID");
        // The prompts of a digit collection are part of it; its result is DigitsCollected.
        if (evt.Variable("current_application") == "play_and_get_digits") return [];
        var path = evt.Header("Playback-File-Path") ?? "";
        var prompt = registry.TakePrompt(leg.LegId, path) ?? path;
        var completed = !string.Equals(evt.Header("Playback-Status"), "break", StringComparison.OrdinalIgnoreCase);
        return [Stamp(new PlaybackFinished(prompt, completed), leg, evt)];
    }

    private IReadOnlyList<SwitchEvent> RecordStopped(EslEvent evt)
    {
        if (LegOf(evt) is not { } leg) return Skip(evt, "no Unique-ID");
        var path = evt.Header("Record-File-Path") ?? evt.Variable("record_file_path");
        if (string.IsNullOrEmpty(path)) return Skip(evt, "no Record-File-Path");
        var directory = options.RecordingDirectory.TrimEnd('/') + "/";
        var key = path.StartsWith(directory, StringComparison.Ordinal) ? path[directory.Length..] : path;
        TimeSpan duration;
        if (long.TryParse(evt.Variable("record_ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) duration = TimeSpan.FromMilliseconds(ms);
        else if (long.TryParse(evt.Variable("record_seconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) duration = TimeSpan.FromSeconds(s);
        else duration = TimeSpan.Zero;
        return [Stamp(new RecordingFinished(key, duration), leg, evt)];
    }

    private IReadOnlyList<SwitchEvent> ExecuteComplete(EslEvent evt)
    {
        if (evt.Header("Application") != "play_and_get_digits") return [];
        if (evt.Header("Application-Data")?.Contains(FreeSwitchCommandBuilder.DigitsVariable, StringComparison.Ordinal) != true) return [];
        if (LegOf(evt) is not { } leg) return Skip(evt, "no Unique-ID");
        // play_and_get_digits clears the variable first and sets it only to input that matched the pattern.
        var digits = evt.Variable(FreeSwitchCommandBuilder.DigitsVariable) ?? "";
        return [Stamp(new DigitsCollected(digits, digits.Length > 0), leg, evt)];
    }

    /// <summary>The start of a hang-up, while the bridge still stands: the moment to know who the partner is. Every leg
    /// carries park_after_bridge (so moving one side elsewhere leaves the other parked), which means FreeSWITCH would
    /// also leave the partner of a hung-up leg parked; the ISwitch contract ends it, so the driver does.</summary>
    private IReadOnlyList<SwitchEvent> HangingUp(EslEvent evt)
    {
        if (LegOf(evt) is not { } leg || leg.HangingUp) return [];
        leg.HangingUp = true;
        if (leg.BridgedTo is { } partnerId && _legs.TryGetValue(partnerId, out var partner) && !partner.HangingUp
            && string.Equals(partner.BridgedTo, leg.LegId, StringComparison.OrdinalIgnoreCase))
        {
            _partnersToHangUp.Add(partnerId);
        }
        return [];
    }

    private IReadOnlyList<SwitchEvent> HungUp(EslEvent evt)
    {
        if (evt.UniqueId is not { Length: > 0 } legId) return Skip(evt, "no Unique-ID");
        var leg = _legs.GetValueOrDefault(legId) ?? new TrackedLeg(legId);
        var timestamp = evt.Timestamp ?? time.GetUtcNow();
        var cause = evt.Header("Hangup-Cause") ?? evt.Variable("hangup_cause") ?? HangupCauses.NormalClearing;
        var created = EslEvent.MicrosecondsToTime(evt.Header("Caller-Channel-Created-Time")) ?? leg.CreatedAt ?? timestamp;
        var answered = EslEvent.MicrosecondsToTime(evt.Header("Caller-Channel-Answered-Time")) ?? leg.AnsweredAt;
        var billSeconds = Int(evt.Variable("billsec")) ?? (answered is { } a ? Seconds(timestamp - a) : 0);
        var durationSeconds = Int(evt.Variable("duration")) ?? Seconds(timestamp - created);
        var hungUp = Stamp(new LegHungUp(cause, Initiator(evt.Variable("sip_hangup_disposition"), cause), created, answered, billSeconds, durationSeconds), leg, evt);
        End(legId);
        return [hungUp];
    }

    /// <summary>Only failed originates matter here: "-ERR CAUSE" with no channel ever created means no channel events
    /// will follow, so this is the only place the leg's end can be reported.</summary>
    private IReadOnlyList<SwitchEvent> BackgroundJob(EslEvent evt)
    {
        if (evt.JobUuid is not { Length: > 0 } job || registry.TakeOriginate(job) is not { } pending) return [];
        var result = evt.Body?.Trim() ?? "";
        if (!result.StartsWith("-ERR", StringComparison.Ordinal)) return [];
        var legId = pending.Request.LegId;
        if (_legs.ContainsKey(legId) || _recentlyEnded.Contains(legId)) return [];
        var cause = result[4..].Trim().Split(' ', 2)[0];
        if (cause.Length == 0 || !cause.All(c => char.IsAsciiLetterUpper(c) || c == '_')) cause = HangupCauses.NormalTemporaryFailure;
        return [OriginateFailed(pending, cause, evt.Timestamp ?? time.GetUtcNow())];
    }

    private SwitchEvent OriginateFailed(PendingOriginate pending, string cause, DateTimeOffset at)
    {
        Remember(pending.Request.LegId);
        registry.Forget(pending.Request.LegId);
        // No channel was ever set up, so nobody at the far end did anything: the switch gave up on it.
        return new LegHungUp(cause, HangupInitiator.Local, pending.RequestedAt, null, 0, Seconds(at - pending.RequestedAt))
        {
            LegId = pending.Request.LegId,
            CallId = pending.Request.CallId,
            Timestamp = at,
            Variables = pending.Variables,
        };
    }

    private IReadOnlyList<SwitchEvent> Custom(EslEvent evt)
    {
        var at = evt.Timestamp ?? time.GetUtcNow();
        switch (evt.Subclass)
        {
            case "sofia::register":
                return [new ExtensionRegistered(Required(evt, "from-user"), Required(evt, "from-host"), evt.Header("contact") ?? "") { Timestamp = at }];
            case "sofia::unregister":
            case "sofia::expire":
                return [new ExtensionUnregistered(Required(evt, "from-user"), Required(evt, "from-host")) { Timestamp = at }];
            case "sofia::gateway_state":
                return GatewayState(evt, at);
            case "conference::maintenance":
                return ConferenceMaintenance(evt);
            default:
                return Skip(evt, $"custom subclass {evt.Subclass} is not mapped");
        }
    }

    private IReadOnlyList<SwitchEvent> GatewayState(EslEvent evt, DateTimeOffset at)
    {
        var gateway = Required(evt, "Gateway");
        var state = evt.Header("State") ?? "";
        var pingDown = evt.Header("Ping-Status") is "DOWN" or "INVALID";
        bool? up = state switch
        {
            "REGED" or "NOREG" or "UP" => !pingDown,
            "FAILED" or "FAIL_WAIT" or "EXPIRED" or "UNREGED" or "DOWN" or "NOAVAIL" or "TIMEOUT" => false,
            _ => null, // TRYING, REGISTER, UNREGISTER: on the way somewhere, report where it lands
        };
        return up is null ? [] : [new GatewayStateChanged(gateway, up.Value) { Timestamp = at }];
    }

    private IReadOnlyList<SwitchEvent> ConferenceMaintenance(EslEvent evt)
    {
        var action = evt.Header("Action");
        if (action is not ("add-member" or "del-member")) return [];
        var conference = Required(evt, "Conference-Name");
        var memberId = Required(evt, "Member-ID");
        var leg = LegOf(evt);
        SwitchEvent change;
        if (action == "add-member")
        {
            if (leg is not null) registry.SetMember(conference, leg.LegId, memberId);
            change = new ConferenceMemberJoined(conference, memberId);
        }
        else
        {
            if (leg is not null) registry.RemoveMember(conference, leg.LegId);
            change = new ConferenceMemberLeft(conference, memberId);
        }
        return [leg is null ? change with { Timestamp = evt.Timestamp ?? time.GetUtcNow() } : Stamp(change, leg, evt)];
    }

    private IReadOnlyList<SwitchEvent> OnLeg(EslEvent evt, SwitchEvent change) =>
        LegOf(evt) is { } leg ? [Stamp(change, leg, evt)] : Skip(evt, "no Unique-ID");

    /// <summary>The tracked leg an event is about, starting to track it if this is the first we hear of it (a leg
    /// that existed before we connected), unless it has just ended (late events of a finished leg).</summary>
    private TrackedLeg? LegOf(EslEvent evt)
    {
        if (evt.UniqueId is not { Length: > 0 } legId) return null;
        if (_legs.TryGetValue(legId, out var leg)) return leg;
        return _recentlyEnded.Contains(legId) ? new TrackedLeg(legId) : Track(legId);
    }

    private TrackedLeg Track(string legId)
    {
        if (!_legs.TryGetValue(legId, out var leg)) _legs[legId] = leg = new TrackedLeg(legId);
        return leg;
    }

    private void End(string legId)
    {
        _legs.Remove(legId);
        registry.Forget(legId);
        Remember(legId);
    }

    private void Remember(string legId)
    {
        if (!_recentlyEnded.Add(legId)) return;
        _recentlyEndedOrder.Enqueue(legId);
        while (_recentlyEndedOrder.Count > RecentlyEndedCapacity) _recentlyEnded.Remove(_recentlyEndedOrder.Dequeue());
    }

    /// <summary>Stamps leg id, call id, time and cc_* variables; the event's own variables refresh what is tracked.</summary>
    private SwitchEvent Stamp(SwitchEvent change, TrackedLeg leg, EslEvent evt)
    {
        var variables = CallVariables(evt);
        if (variables.Count > 0)
        {
            leg.Variables = variables;
            registry.SetCallVariables(leg.LegId, variables);
        }
        leg.CallId = evt.Variable(ChannelVariables.Call) ?? leg.CallId;
        return Stamp(change, leg, evt.Timestamp ?? time.GetUtcNow());
    }

    private static SwitchEvent Stamp(SwitchEvent change, TrackedLeg leg, DateTimeOffset at) =>
        change with { LegId = leg.LegId, CallId = leg.CallId, Timestamp = at, Variables = leg.Variables };

    private static Dictionary<string, string> CallVariables(EslEvent evt)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in evt.Variables)
        {
            if (name.StartsWith("cc_", StringComparison.Ordinal)) variables[name] = value;
        }
        return variables;
    }

    /// <summary>
    /// sip_hangup_disposition says who sent the BYE/CANCEL/refusal: recv_* means the far end did, send_* means we did.
    /// Without it (non-SIP legs) the cause decides: refusals come from the far end; a ring timeout (NO_ANSWER) is the
    /// switch giving up.
    /// </summary>
    internal static HangupInitiator Initiator(string? disposition, string cause)
    {
        if (disposition is not null)
        {
            if (disposition.StartsWith("recv_", StringComparison.Ordinal)) return HangupInitiator.Remote;
            if (disposition.StartsWith("send_", StringComparison.Ordinal)) return HangupInitiator.Local;
        }
        return cause switch
        {
            HangupCauses.UserBusy or HangupCauses.NoUserResponse or HangupCauses.CallRejected
                or HangupCauses.UnallocatedNumber or HangupCauses.UserNotRegistered or HangupCauses.IncompatibleDestination
                or HangupCauses.DestinationOutOfOrder or HangupCauses.NormalTemporaryFailure => HangupInitiator.Remote,
            _ => HangupInitiator.Local,
        };
    }

    private IReadOnlyList<SwitchEvent> Skip(EslEvent evt, string reason)
    {
        logger.LogDebug("FreeSWITCH {EventName} {Subclass} for {LegId} skipped: {Reason}", evt.Name, evt.Subclass, evt.UniqueId, reason);
        return [];
    }

    private static string Required(EslEvent evt, string header) =>
        evt.Header(header) is { Length: > 0 } value ? value : throw new FormatException($"missing header {header}");

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int Seconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (int)span.TotalSeconds;
}
