using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.Simulated;

// Leg lifecycle: originate, answer, bridge, park, hold, transfer, hang up.
public sealed partial class SimulatedSwitch
{
    public Task OriginateAsync(OriginateRequest request, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, request, static (s, r) =>
        {
            ArgumentNullException.ThrowIfNull(r);
            s.OriginateLocked(r.LegId, r.CallId, r.Destination, r.CallerIdNumber, r.RingTimeout, Freeze(r.Variables), r.AutoAnswer);
        });

    public Task AnswerAsync(string legId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, legId, static (s, id) =>
        {
            var leg = s.RequireLeg("uuid_answer", id);
            if (leg.Direction == LegDirection.Outbound && !leg.Answered) throw Refused("uuid_answer", "an outbound leg is answered by its far end");
            s.AnswerInboundLocked(leg);
        });

    public Task BridgeAsync(string legId, string otherLegId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, otherLegId), static (s, ids) =>
            s.BridgeLocked(s.RequireLeg("uuid_bridge", ids.legId), s.RequireLeg("uuid_bridge", ids.otherLegId)));

    public Task ParkAsync(string legId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, legId, static (s, id) => s.DetachLocked(s.RequireLeg("uuid_park", id)));

    public Task HoldAsync(string legId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, legId, static (s, id) =>
        {
            var leg = s.RequireLeg("uuid_hold", id);
            if (!leg.Answered) throw Refused("uuid_hold", "leg is not answered");
            if (leg.Held) return;
            leg.Held = true;
            s.EmitHeld(leg);
        });

    public Task UnholdAsync(string legId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, legId, static (s, id) => s.UnholdLocked(s.RequireLeg("uuid_hold off", id)));

    public Task TransferAsync(string legId, Endpoint destination, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, destination), static (s, a) => s.TransferLocked(s.RequireLeg("uuid_transfer", a.legId), a.destination));

    public Task HangupAsync(string legId, string cause = HangupCauses.NormalClearing, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, cause), static (s, a) =>
            s.HangupLocked(s.RequireLeg("uuid_kill", a.legId), string.IsNullOrEmpty(a.cause) ? HangupCauses.NormalClearing : a.cause, HangupInitiator.Local));

    /// <summary>Copy-on-write, so events already published keep the variables they were published with. Setting
    /// <see cref="ChannelVariables.Call"/> also moves the leg's later events to that call id.</summary>
    public Task SetVariablesAsync(string legId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, variables), static (s, a) =>
        {
            var leg = s.RequireLeg("uuid_setvar_multi", a.legId);
            ArgumentNullException.ThrowIfNull(a.variables);
            if (a.variables.Count == 0) return;
            var merged = new Dictionary<string, string>(leg.Variables, StringComparer.Ordinal);
            foreach (var (name, value) in a.variables)
            {
                if (string.IsNullOrEmpty(name)) throw Refused("uuid_setvar_multi", "a variable name is required");
                if (string.IsNullOrEmpty(value)) merged.Remove(name);
                else merged[name] = value;
            }
            leg.Variables = merged;
            if (merged.TryGetValue(ChannelVariables.Call, out var callId)) leg.CallId = callId;
        });

    public Task<IReadOnlyList<LiveLeg>> ListLegsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<LiveLeg> legs = _legs.Values.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.ToLiveLeg()).ToArray();
            return Task.FromResult(legs);
        }
    }

    private SimulatedLeg? OriginateLocked(string legId, string? callId, Endpoint destination, string callerIdNumber, TimeSpan? ringTimeout, IReadOnlyDictionary<string, string> variables, bool autoAnswer = false)
    {
        if (string.IsNullOrEmpty(legId)) throw Refused("originate", "a leg id (origination_uuid) is required");
        if (_legs.ContainsKey(legId)) throw Refused("originate", $"leg '{legId}' already exists");
        var timeout = ringTimeout is { } requested && requested > TimeSpan.Zero ? requested : _options.DefaultRingTimeout;
        return destination switch
        {
            ExtensionEndpoint extension => OriginateToPhone(legId, callId, extension, callerIdNumber ?? "", timeout, variables, autoAnswer),
            PstnEndpoint pstn => OriginateToPstn(legId, callId, pstn, callerIdNumber ?? "", timeout, variables),
            null => throw Refused("originate", "no destination"),
            _ => throw Refused("originate", $"unsupported endpoint {destination.GetType().Name}"),
        };
    }

    private SimulatedLeg? OriginateToPhone(string legId, string? callId, ExtensionEndpoint extension, string callerIdNumber, TimeSpan timeout, IReadOnlyDictionary<string, string> variables, bool autoAnswer)
    {
        var now = CurrentTime;
        if (!_phones.TryGetValue(SimulatedPhone.Key(extension.Extension, extension.Domain), out var phone) || !phone.Provisioned || !phone.Registered)
        {
            // FreeSWITCH fails user/ without creating a channel: SUBSCRIBER_ABSENT for a user the directory lacks,
            // USER_NOT_REGISTERED (its dial string resolves to error/user_not_registered) for one with no registration.
            var cause = phone is { Provisioned: true } ? HangupCauses.UserNotRegistered : HangupCauses.SubscriberAbsent;
            EmitOriginateFailed(legId, callId, variables, cause, now);
            return null;
        }
        var leg = new SimulatedLeg(legId, callId, LegDirection.Outbound, callerIdNumber, extension.Extension, extension.ToString(), variables, now) { Phone = phone };
        _legs.Add(legId, leg);
        phone.ActiveLegs++;
        EmitCreated(leg);

        if (phone.DoNotDisturb)
        {
            HangupLocked(leg, HangupCauses.CallRejected, HangupInitiator.Remote);
            return leg;
        }
        var policy = PolicyFor(phone);
        if (phone.Busy || (phone.ActiveLegs > 1 && !policy.CallWaiting))
        {
            HangupLocked(leg, HangupCauses.UserBusy, HangupInitiator.Remote);
            return leg;
        }
        // An intercom request is honoured by a phone that answers by itself at all, and always: nobody has to reach it.
        var answerAfter = !policy.AutoAnswer ? null
            : autoAnswer ? policy.IntercomAnswerDelay.Sample(_random)
            : Chance(policy.AnswerProbability) ? policy.AnswerDelay.Sample(_random) : null;
        StartRinging(leg, earlyMedia: false, timeout, answerAfter);
        return leg;
    }

    private SimulatedLeg? OriginateToPstn(string legId, string? callId, PstnEndpoint pstn, string callerIdNumber, TimeSpan timeout, IReadOnlyDictionary<string, string> variables)
    {
        var now = CurrentTime;
        // Refusals before a channel exists, in the order a switch checks: the gateway, its state, the channel limit.
        var refusal = !_gateways.TryGetValue(pstn.Gateway ?? "", out var gateway) || gateway.Removed ? HangupCauses.InvalidGateway
            : !gateway.Up ? HangupCauses.GatewayDown
            : gateway.AtChannelLimit ? HangupCauses.NormalCircuitCongestion
            : null;
        if (refusal is not null)
        {
            EmitOriginateFailed(legId, callId, variables, refusal, now);
            return null;
        }

        var profile = ProfileFor(pstn.Number, gateway!.Name);
        var leg = new SimulatedLeg(legId, callId, LegDirection.Outbound, callerIdNumber, pstn.Number, pstn.DialPrefix + pstn.Number, variables, now)
        {
            Gateway = gateway,
            Profile = profile,
        };
        _legs.Add(legId, leg);
        gateway.ActiveChannels++;
        EmitCreated(leg);

        if (IsUnallocated(pstn.Number, profile))
        {
            HangupLocked(leg, HangupCauses.UnallocatedNumber, HangupInitiator.Remote);
            return leg;
        }
        if (Chance(profile.BusyProbability))
        {
            HangupLocked(leg, HangupCauses.UserBusy, HangupInitiator.Remote);
            return leg;
        }
        var earlyMedia = Chance(profile.EarlyMediaProbability);
        var answerAfter = profile.AutoAnswer && Chance(profile.AnswerProbability) ? profile.RingTime.Sample(_random) : null;
        StartRinging(leg, earlyMedia, timeout, answerAfter);
        return leg;
    }

    private void StartRinging(SimulatedLeg leg, bool earlyMedia, TimeSpan timeout, TimeSpan? answerAfter)
    {
        leg.EarlyMedia = earlyMedia;
        EmitRinging(leg, earlyMedia);
        // An answer that comes before the timeout makes the timeout moot, so only one of the two is scheduled.
        if (answerAfter is { } delay && delay < timeout) leg.FarEndAnswer = After(delay, () => FarEndAnswerLocked(leg));
        else leg.RingTimeout = After(timeout, () => RingTimedOut(leg));
    }

    private void RingTimedOut(SimulatedLeg leg)
    {
        leg.RingTimeout = null;
        // The switch gives up and sends CANCEL: NO_ANSWER, initiated locally.
        if (leg.Live && !leg.Answered) HangupLocked(leg, HangupCauses.NoAnswer, HangupInitiator.Local);
    }

    private bool FarEndAnswerLocked(SimulatedLeg leg)
    {
        if (!leg.Live || leg.Answered || leg.Direction != LegDirection.Outbound) return false;
        leg.RingTimeout?.Cancel();
        leg.FarEndAnswer?.Cancel();
        leg.RingTimeout = leg.FarEndAnswer = null;
        leg.AnsweredAt = CurrentTime;
        leg.EarlyMedia = false;
        EmitAnswered(leg);

        if (leg.TransferSource is { } source)
        {
            leg.TransferSource = null;
            source.TransferLeg = null;
            if (source.Live) BridgeLocked(source, leg);
            return true;
        }
        if (!leg.Connected && leg.Profile is { AutoAnswer: true } profile) ArmPatience(leg, profile);
        return true;
    }

    private void AnswerInboundLocked(SimulatedLeg leg)
    {
        if (leg.Answered) return;
        leg.AnsweredAt = CurrentTime;
        leg.EarlyMedia = false;
        EmitAnswered(leg);
    }

    private void UnholdLocked(SimulatedLeg leg)
    {
        if (!leg.Held) return;
        leg.Held = false;
        EmitUnheld(leg);
    }

    /// <summary>Legs that are still ringing out cannot be connected to anything yet.</summary>
    private static void EnsureConnectable(string command, SimulatedLeg leg)
    {
        if (leg.Direction == LegDirection.Outbound && !leg.Answered) throw Refused(command, $"leg '{leg.Id}' is not answered yet");
    }

    private void BridgeLocked(SimulatedLeg a, SimulatedLeg b)
    {
        if (ReferenceEquals(a, b)) throw Refused("uuid_bridge", "cannot bridge a leg to itself");
        EnsureConnectable("uuid_bridge", a);
        EnsureConnectable("uuid_bridge", b);
        if (ReferenceEquals(a.Partner, b)) return;

        DetachLocked(a);
        DetachLocked(b);
        // Bridging a waiting inbound call answers it, as the bridge application does.
        AnswerInboundLocked(a);
        AnswerInboundLocked(b);
        UnholdLocked(a);
        UnholdLocked(b);
        a.Partner = b;
        b.Partner = a;
        EmitBridged(a, b);
        EmitBridged(b, a);
        MarkConnected(a);
        MarkConnected(b);
    }

    /// <summary>Takes the leg out of whatever connects it (bridge, conference, supervision, a transfer still ringing); a
    /// partner it leaves behind stays up, parked, for the control plane to decide about.</summary>
    private void DetachLocked(SimulatedLeg leg)
    {
        if (leg.TransferLeg is { } pending)
        {
            leg.TransferLeg = null;
            pending.TransferSource = null;
            HangupLocked(pending, HangupCauses.OriginatorCancel, HangupInitiator.Local);
        }
        UnbridgeLocked(leg);
        if (leg.Conference is not null) LeaveConferenceLocked(leg);
        if (leg.SupervisedLeg is not null) StopSupervisionLocked(leg);
    }

    private SimulatedLeg? UnbridgeLocked(SimulatedLeg leg)
    {
        if (leg.Partner is not { } partner) return null;
        leg.Partner = null;
        partner.Partner = null;
        EmitUnbridged(leg, partner);
        EmitUnbridged(partner, leg);
        return partner;
    }

    private void TransferLocked(SimulatedLeg leg, Endpoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        EnsureConnectable("uuid_transfer", leg);
        var partner = leg.Partner;
        DetachLocked(leg);
        // A blind transfer releases the transferring party, as hangup_after_bridge does to the leg left behind.
        if (partner is not null) HangupLocked(partner, HangupCauses.NormalClearing, HangupInitiator.Local);
        // The new party sees the transferred party's number: the caller's for inbound, the called number for outbound.
        var callerId = leg.Direction == LegDirection.Inbound ? leg.CallerIdNumber : leg.DestinationNumber;
        var target = OriginateLocked(NewUuid(), leg.CallId, destination, callerId, null, leg.Variables);
        if (target is { Live: true })
        {
            leg.TransferLeg = target;
            target.TransferSource = leg;
        }
        LogTransfer(leg.Id, target?.Id, destination.ToString());
    }

    /// <summary>The party on the leg puts the phone down.</summary>
    private bool FarEndHangupLocked(SimulatedLeg leg)
    {
        if (!leg.Live) return false;
        var cause = leg.Answered ? HangupCauses.NormalClearing
            : leg.Direction == LegDirection.Outbound ? HangupCauses.CallRejected
            : HangupCauses.OriginatorCancel;
        HangupLocked(leg, cause, HangupInitiator.Remote);
        return true;
    }

    private void HangupLocked(SimulatedLeg leg, string cause, HangupInitiator initiator)
    {
        if (!leg.Live) return;
        leg.Live = false;
        leg.CancelFarEndTimers();

        // Media stops first (PLAYBACK_STOP, RECORD_STOP come before CHANNEL_HANGUP_COMPLETE).
        if (leg.Collector is { } collector)
        {
            collector.CancelTimers();
            leg.Collector = null;
        }
        if (leg.Playback is { } playback)
        {
            playback.End?.Cancel();
            leg.Playback = null;
            EmitPlaybackFinished(leg, playback.Prompt, completed: false);
        }
        if (leg.Recordings is { Count: > 0 } recordings)
        {
            foreach (var (blobKey, startedAt) in recordings) FinishRecording(leg, blobKey, startedAt, CurrentTime);
            recordings.Clear();
        }
        if (leg.Conference is not null) LeaveConferenceLocked(leg);
        if (leg.SupervisedLeg is not null) StopSupervisionLocked(leg);
        var partner = UnbridgeLocked(leg);

        var transferLeg = leg.TransferLeg;
        if (transferLeg is not null)
        {
            leg.TransferLeg = null;
            transferLeg.TransferSource = null;
        }
        if (leg.TransferSource is { } source)
        {
            // The new destination failed: the transferred leg stays up, parked, for the control plane to decide.
            leg.TransferSource = null;
            source.TransferLeg = null;
        }
        var supervisors = leg.Supervisors;
        leg.Supervisors = null;
        if (supervisors is not null) foreach (var supervisor in supervisors) supervisor.SupervisedLeg = null;

        _legs.Remove(leg.Id);
        if (leg.Gateway is not null) leg.Gateway.ActiveChannels--;
        if (leg.Phone is not null) leg.Phone.ActiveLegs--;
        if (leg.Traffic is { } traffic)
        {
            traffic.Waiting--;
            if (!leg.Connected) traffic.Abandoned++;
        }
        EmitHungUp(leg, cause, initiator, CurrentTime);

        // What the hang-up takes with it, after the leg's own CHANNEL_HANGUP_COMPLETE.
        if (partner is not null) HangupLocked(partner, HangupCauses.NormalClearing, HangupInitiator.Local);
        if (transferLeg is not null) HangupLocked(transferLeg, HangupCauses.OriginatorCancel, HangupInitiator.Local);
        if (supervisors is not null) foreach (var supervisor in supervisors) HangupLocked(supervisor, HangupCauses.NormalClearing, HangupInitiator.Local);
    }

    /// <summary>The leg's party is now talking to someone: they stop watching the clock for an agent and start their
    /// conversation's clock.</summary>
    private void MarkConnected(SimulatedLeg leg)
    {
        leg.Patience?.Cancel();
        leg.Patience = null;
        if (leg.Connected) return;
        leg.Connected = true;
        if (leg.Traffic is not null) leg.Traffic.Connected++;
        if (leg.Profile is { AutoAnswer: true } profile && profile.TalkTime.Sample(_random) is { } talk)
        {
            leg.TalkTime = After(talk, () => FarEndHangupLocked(leg));
        }
    }

    private void ArmPatience(SimulatedLeg leg, PstnProfile profile)
    {
        if (profile.Patience.Sample(_random) is { } patience)
        {
            // Being connected cancels this, so when it fires the party has waited in vain.
            leg.Patience = After(patience, () =>
            {
                leg.Patience = null;
                FarEndHangupLocked(leg);
            });
        }
    }

    private PhoneAnswerPolicy PolicyFor(SimulatedPhone phone) =>
        phone.Policy
        ?? (_options.PhonePolicies.TryGetValue($"{phone.Extension}@{phone.Domain}", out var configured) ? configured : _options.Phones);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Blind transfer of leg {LegId} to {Destination}: new leg {NewLegId}")]
    private partial void LogTransfer(string legId, string? newLegId, string destination);
}
