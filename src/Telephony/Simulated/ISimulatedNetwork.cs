namespace CallCenter.Telephony.Simulated;

/// <summary>
/// The other side of the simulated switch: the people and carriers on the network. Tests, benchmarks and the demo's web
/// pages use it to register phones, pick up, hang up, press keys, send inbound traffic and look at who hears whom. The
/// control plane never uses it; it only sees <see cref="ISwitch"/> and its events.
/// </summary>
/// <remarks>Far-end actions return false when the leg is gone or in no state for them (a web page may click "answer"
/// just as the caller gives up); they never throw for that.</remarks>
public interface ISimulatedNetwork
{
    /// <summary>The network's time (the <see cref="TimeProvider"/> it was given).</summary>
    DateTimeOffset Now { get; }

    /// <summary>Completes once no event is waiting or being handled: the settle step of a virtual-clock driver,
    /// <c>clock.AdvanceAsync(by, () =&gt; network.WhenIdleAsync())</c>. Never await it from inside an event handler.</summary>
    Task WhenIdleAsync();

    // Phones (SIP extensions)

    /// <summary>The phone sends REGISTER. False when the extension is not provisioned or the password (if given) is wrong.</summary>
    bool RegisterPhone(string extension, string domain, string? password = null);

    bool UnregisterPhone(string extension, string domain);

    /// <summary>Busy: the phone refuses calls with USER_BUSY (486) until cleared.</summary>
    bool SetPhoneBusy(string extension, string domain, bool busy);

    /// <summary>Do-not-disturb: the phone declines calls with CALL_REJECTED (603) until cleared.</summary>
    bool SetPhoneDoNotDisturb(string extension, string domain, bool doNotDisturb);

    /// <summary>Overrides how this phone answers (null: back to the configured policy).</summary>
    void SetPhonePolicy(string extension, string domain, PhoneAnswerPolicy? policy);

    /// <summary>The phone dials out: an inbound leg from the extension arrives parked at the switch.</summary>
    /// <returns>The new leg's id.</returns>
    string PlaceCallFromPhone(string extension, string domain, string destination);

    IReadOnlyList<SimulatedPhoneInfo> ListPhones();

    // Far ends of legs (phones and PSTN parties)

    /// <summary>The called party picks up (an extension or a PSTN number on an outbound leg that is ringing).</summary>
    bool AnswerFarEnd(string legId);

    /// <summary>Same as <see cref="AnswerFarEnd"/>, named for the web page's "answer" button on an extension.</summary>
    bool AnswerExtension(string legId);

    /// <summary>The called party declines a ringing leg (CALL_REJECTED unless another cause is given, e.g. USER_BUSY).</summary>
    bool RejectFarEnd(string legId, string cause = HangupCauses.CallRejected);

    /// <summary>The party on the leg hangs up: NORMAL_CLEARING once answered, CALL_REJECTED while an outbound leg rings,
    /// ORIGINATOR_CANCEL while an inbound call waits unanswered; initiator <see cref="HangupInitiator.Remote"/>.</summary>
    bool HangupFarEnd(string legId);

    /// <summary>The party presses keys: one <see cref="DtmfReceived"/> per digit, fed to any digit collection.</summary>
    bool PressDigits(string legId, string digits);

    /// <summary>The party will type these digits (one every DigitInterval) the next time the switch collects digits.</summary>
    bool ScriptDigits(string legId, string digits);

    // PSTN

    /// <summary>One caller dials <paramref name="destinationNumber"/> through <paramref name="gateway"/>; the leg arrives
    /// parked and unanswered. Null when the network refuses it (unknown or down gateway, channel limit).</summary>
    string? PlaceInboundCall(string callerNumber, string destinationNumber, string gateway, string? profile = null);

    void StartInboundTraffic(InboundTrafficOptions traffic);

    bool StopInboundTraffic(string name);

    InboundTrafficStats? GetInboundTrafficStats(string name);

    /// <summary>Adds or replaces a named profile.</summary>
    void SetProfile(string name, PstnProfile profile);

    void AssignGatewayProfile(string gateway, string profile);

    /// <summary>Numbers matching <paramref name="pattern"/> behave as <paramref name="profile"/> (checked before earlier
    /// rules).</summary>
    void AddNumberProfile(string pattern, string profile);

    /// <summary>The carrier goes down or comes back (GatewayStateChanged); originating through a down gateway fails with
    /// GATEWAY_DOWN.</summary>
    bool SetGatewayUp(string gateway, bool up);

    /// <summary>Legs using the gateway now (outbound and inbound), as its channel limit counts them.</summary>
    int ActiveChannels(string gateway);

    void SetPromptLength(string prompt, TimeSpan length);

    // Inspection

    SimulatedLegInfo? GetLeg(string legId);

    IReadOnlyList<SimulatedLegInfo> ListLegs();

    /// <summary>Whether <paramref name="listenerLegId"/> hears <paramref name="speakerLegId"/> now (bridges, holds,
    /// conferences with mutes, eavesdrop modes and three-way).</summary>
    bool CanHear(string listenerLegId, string speakerLegId);

    /// <summary>Every directed audio path between live legs now.</summary>
    IReadOnlyList<AudioPath> AudioPaths();
}
