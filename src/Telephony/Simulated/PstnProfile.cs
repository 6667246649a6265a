namespace CallCenter.Telephony.Simulated;

/// <summary>
/// How the people behind a set of PSTN numbers behave: whether and when they answer, how long they talk, how long they
/// wait for an agent. Named profiles are assigned per gateway and overridden per number pattern
/// (<see cref="SimulatedNetworkOptions"/>); inbound traffic uses them for its callers too.
/// </summary>
public sealed class PstnProfile
{
    /// <summary>False: the numbers never answer, hang up or press digits on their own; a test or a web page drives them
    /// (<see cref="ISimulatedNetwork.AnswerFarEnd"/>). Busy and unallocated rates still apply.</summary>
    public bool AutoAnswer { get; set; } = true;

    /// <summary>Chance that a called number that is neither unallocated nor busy answers before the ring timeout.</summary>
    public double AnswerProbability { get; set; } = 0.75;

    /// <summary>Chance that a call is refused with USER_BUSY (SIP 486).</summary>
    public double BusyProbability { get; set; } = 0.08;

    /// <summary>Share of numbers that do not exist (UNALLOCATED_NUMBER, SIP 404). Decided per number, not per call, so a
    /// dead number stays dead on every retry.</summary>
    public double UnallocatedRate { get; set; } = 0.02;

    /// <summary>Chance that the carrier sends early media (183 Session Progress) instead of a plain 180.</summary>
    public double EarlyMediaProbability { get; set; }

    /// <summary>From ringing to answer, for calls that will answer (if it exceeds the ring timeout: NO_ANSWER).</summary>
    public DurationDistribution RingTime { get; set; } = DurationDistribution.LogNormal(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4));

    /// <summary>From first being connected (bridged or conferenced) to the party hanging up.</summary>
    public DurationDistribution TalkTime { get; set; } = DurationDistribution.LogNormal(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(90));

    /// <summary>How long the party waits for a person before hanging up: from answer for called numbers (the "abandon"
    /// of predictive dialling), from arrival for inbound callers.</summary>
    public DurationDistribution Patience { get; set; } = DurationDistribution.Exponential(TimeSpan.FromSeconds(45));

    /// <summary>Digits the party enters whenever asked to (<see cref="ISwitch.CollectDigitsAsync"/>), e.g. "1" for an
    /// IVR menu choice; null: they enter nothing and collection times out.</summary>
    public string? Digits { get; set; }

    public static PstnProfile Default() => new();

    /// <summary>Numbers that only do what a test or web page tells them to.</summary>
    public static PstnProfile Manual() => new()
    {
        AutoAnswer = false,
        BusyProbability = 0,
        UnallocatedRate = 0,
        TalkTime = DurationDistribution.Never,
        Patience = DurationDistribution.Never,
    };
}
