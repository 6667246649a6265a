namespace CallCenter.Telephony.Simulated;

/// <summary>One channel on the simulated switch and the party at its far end. Mutated only under the switch's lock.</summary>
internal sealed class SimulatedLeg(
    string id,
    string? callId,
    LegDirection direction,
    string callerIdNumber,
    string destinationNumber,
    string wireNumber,
    IReadOnlyDictionary<string, string> variables,
    DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public string? CallId { get; set; } = callId;
    public LegDirection Direction { get; } = direction;
    public string CallerIdNumber { get; } = callerIdNumber;
    public string DestinationNumber { get; } = destinationNumber;

    /// <summary>What the network was asked for: dial prefix and number, or user/EXT@DOMAIN.</summary>
    public string WireNumber { get; } = wireNumber;

    /// <summary>Replaced, never mutated, when the control plane sets variables: events already published keep theirs.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; set; } = variables;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset? AnsweredAt { get; set; }
    public bool Live { get; set; } = true;
    public bool EarlyMedia { get; set; }
    public bool Held { get; set; }

    // The far end: a phone (called or calling), or a PSTN party behaving per a profile.
    public SimulatedPhone? Phone { get; init; }
    public SimulatedGateway? Gateway { get; init; }
    public PstnProfile? Profile { get; init; }
    public InboundTraffic? Traffic { get; init; }

    // What the leg is connected to; at most one of bridge, conference and supervision at a time.
    public SimulatedLeg? Partner { get; set; }
    public SimulatedConference? Conference { get; set; }
    public string? MemberId { get; set; }
    public bool Muted { get; set; }
    public bool Moderator { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public SimulatedLeg? SupervisedLeg { get; set; }
    public SupervisionMode Supervision { get; set; }
    public List<SimulatedLeg>? Supervisors { get; set; }

    // Blind transfer: the new leg ringing for this one, or the leg this one was dialled for.
    public SimulatedLeg? TransferLeg { get; set; }
    public SimulatedLeg? TransferSource { get; set; }

    // Media
    public Playback? Playback { get; set; }
    public DigitCollector? Collector { get; set; }
    public List<(string BlobKey, DateTimeOffset StartedAt)>? Recordings { get; set; }
    public string? ScriptedDigits { get; set; }

    // The far end's pending behaviour.
    public ScheduledWork? RingTimeout { get; set; }
    public ScheduledWork? FarEndAnswer { get; set; }
    public ScheduledWork? Patience { get; set; }
    public ScheduledWork? TalkTime { get; set; }

    /// <summary>Has been bridged or conferenced at least once (a caller who got through, not an abandon).</summary>
    public bool Connected { get; set; }

    public bool Answered => AnsweredAt.HasValue;

    public string? GatewayName => Gateway?.Name;

    public string? Domain => Phone?.Domain;

    public LegState State => Held ? LegState.Held : Answered ? LegState.Answered : EarlyMedia ? LegState.EarlyMedia : LegState.Ringing;

    public void CancelFarEndTimers()
    {
        RingTimeout?.Cancel();
        FarEndAnswer?.Cancel();
        Patience?.Cancel();
        TalkTime?.Cancel();
        RingTimeout = FarEndAnswer = Patience = TalkTime = null;
    }

    public LiveLeg ToLiveLeg() => new(Id, CallId, Direction, CallerIdNumber, DestinationNumber, State, Partner?.Id, CreatedAt, AnsweredAt, Variables);

    public SimulatedLegInfo ToInfo() => new(
        Id, CallId, Direction, Phone is not null ? "extension" : "pstn", CallerIdNumber, DestinationNumber, WireNumber,
        GatewayName, Domain, State, Partner?.Id, Conference?.Name, SupervisedLeg?.Id,
        SupervisedLeg is null ? null : Supervision.ToString(), Playback?.Prompt, Collector is not null,
        Recordings?.Select(r => r.BlobKey).ToArray() ?? [], CreatedAt, AnsweredAt, Variables);
}
