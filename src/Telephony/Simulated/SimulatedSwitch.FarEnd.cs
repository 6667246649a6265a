namespace CallCenter.Telephony.Simulated;

// The people on the network: answering, declining, hanging up, pressing keys, calling in.
public sealed partial class SimulatedSwitch
{
    public bool AnswerFarEnd(string legId) =>
        Act(legId, static (s, id) => s._legs.TryGetValue(id ?? "", out var leg) && s.FarEndAnswerLocked(leg));

    public bool AnswerExtension(string legId) => AnswerFarEnd(legId);

    public bool RejectFarEnd(string legId, string cause = HangupCauses.CallRejected) =>
        Act((legId, cause), static (s, a) =>
        {
            if (!s._legs.TryGetValue(a.legId ?? "", out var leg) || leg.Answered || leg.Direction != LegDirection.Outbound) return false;
            s.HangupLocked(leg, string.IsNullOrEmpty(a.cause) ? HangupCauses.CallRejected : a.cause, HangupInitiator.Remote);
            return true;
        });

    public bool HangupFarEnd(string legId) =>
        Act(legId, static (s, id) => s._legs.TryGetValue(id ?? "", out var leg) && s.FarEndHangupLocked(leg));

    public bool PressDigits(string legId, string digits) =>
        Act((legId, digits), static (s, a) =>
        {
            if (!s._legs.TryGetValue(a.legId ?? "", out var leg) || string.IsNullOrEmpty(a.digits)) return false;
            foreach (var digit in a.digits)
            {
                if (!IsDtmf(digit)) throw new ArgumentException($"'{digit}' is not a DTMF key", nameof(digits));
            }
            foreach (var digit in a.digits) s.DigitPressedLocked(leg, digit);
            return true;
        });

    public bool ScriptDigits(string legId, string digits) =>
        Act((legId, digits), static (s, a) =>
        {
            if (!s._legs.TryGetValue(a.legId ?? "", out var leg)) return false;
            foreach (var digit in a.digits ?? "")
            {
                if (!IsDtmf(digit)) throw new ArgumentException($"'{digit}' is not a DTMF key", nameof(digits));
            }
            leg.ScriptedDigits = string.IsNullOrEmpty(a.digits) ? null : a.digits;
            return true;
        });

    public string PlaceCallFromPhone(string extension, string domain, string destination) =>
        Act((extension, domain, destination), static (s, a) =>
        {
            if (!s._phones.TryGetValue(SimulatedPhone.Key(a.extension ?? "", a.domain ?? ""), out var phone) || !phone.Provisioned || !phone.Registered)
            {
                throw new InvalidOperationException($"extension {a.extension}@{a.domain} is not registered");
            }
            ArgumentException.ThrowIfNullOrWhiteSpace(a.destination);
            var leg = new SimulatedLeg(s.NewUuid(), null, LegDirection.Inbound, phone.Extension, a.destination, a.destination, SwitchEvent.EmptyVariables, s.CurrentTime)
            {
                Phone = phone,
            };
            s._legs.Add(leg.Id, leg);
            phone.ActiveLegs++;
            s.EmitCreated(leg);
            return leg.Id;
        });

    public string? PlaceInboundCall(string callerNumber, string destinationNumber, string gateway, string? profile = null) =>
        Act((callerNumber, destinationNumber, gateway, profile), static (s, a) =>
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(a.callerNumber);
            ArgumentException.ThrowIfNullOrWhiteSpace(a.destinationNumber);
            if (a.profile is not null && !s._profiles.ContainsKey(a.profile)) throw new ArgumentException($"no profile named '{a.profile}'", nameof(profile));
            return s.ArriveLocked(a.callerNumber, a.destinationNumber, a.gateway ?? "", a.profile, traffic: null)?.Id;
        });

    /// <summary>A caller from the PSTN reaches the switch: the leg is created inbound, unanswered and parked, and the
    /// caller starts losing patience. Null when the carrier side refuses (no such or down gateway, channel limit).</summary>
    private SimulatedLeg? ArriveLocked(string callerNumber, string destinationNumber, string gatewayName, string? profileName, InboundTraffic? traffic)
    {
        if (!_gateways.TryGetValue(gatewayName, out var gateway) || gateway.Removed || !gateway.Up || gateway.AtChannelLimit) return null;
        var profile = profileName is not null && _profiles.TryGetValue(profileName, out var named) ? named : ProfileFor(callerNumber, gateway.Name);
        var leg = new SimulatedLeg(NewUuid(), null, LegDirection.Inbound, callerNumber, destinationNumber, destinationNumber, SwitchEvent.EmptyVariables, CurrentTime)
        {
            Gateway = gateway,
            Profile = profile,
            Traffic = traffic,
        };
        _legs.Add(leg.Id, leg);
        gateway.ActiveChannels++;
        if (traffic is not null) traffic.Waiting++;
        EmitCreated(leg);
        if (profile.AutoAnswer) ArmPatience(leg, profile);
        return leg;
    }

    public SimulatedLegInfo? GetLeg(string legId)
    {
        lock (_gate) return _legs.TryGetValue(legId ?? "", out var leg) ? leg.ToInfo() : null;
    }

    public IReadOnlyList<SimulatedLegInfo> ListLegs()
    {
        lock (_gate) return _legs.Values.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.ToInfo()).ToArray();
    }

    private static bool IsDtmf(char digit) => digit is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');
}
