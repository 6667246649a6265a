namespace CallCenter.Telephony.Simulated;

/// <summary>How a simulated SIP phone (an agent's or operator's extension) reacts when it rings.</summary>
public sealed class PhoneAnswerPolicy
{
    /// <summary>False: the phone rings until a test or web page answers it (<see cref="ISimulatedNetwork.AnswerFarEnd"/>)
    /// or the ring timeout ends it.</summary>
    public bool AutoAnswer { get; set; } = true;

    /// <summary>Chance that an auto-answering phone answers at all (a person away from the desk lets it ring).</summary>
    public double AnswerProbability { get; set; } = 1.0;

    public DurationDistribution AnswerDelay { get; set; } = DurationDistribution.LogNormal(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1.5));

    /// <summary>How long the phone takes to pick up a call that asks to be answered automatically
    /// (<see cref="OriginateRequest.AutoAnswer"/>): the SIP round trip and the phone's answer tone, not a person.</summary>
    public DurationDistribution IntercomAnswerDelay { get; set; } = DurationDistribution.Uniform(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(400));

    /// <summary>False (the default for agent phones): a phone already on a call refuses another with USER_BUSY.</summary>
    public bool CallWaiting { get; set; }

    public static PhoneAnswerPolicy Manual() => new() { AutoAnswer = false };

    public static PhoneAnswerPolicy Immediate() => new() { AutoAnswer = true, AnswerDelay = DurationDistribution.Zero, IntercomAnswerDelay = DurationDistribution.Zero };
}
