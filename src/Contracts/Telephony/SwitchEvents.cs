using System.Text.Json.Serialization;

namespace CallCenter.Telephony;

/// <summary>
/// Something that happened on the switch. Leg events carry the leg id, the call it belongs to, the switch's time and the
/// channel variables the control plane set when it created the leg, so grains can route them without a lookup.
/// </summary>
// Polymorphic on the wire: grain calls carry SwitchEvent (ISwitchEventSink) and must round-trip between silos.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$event")]
[JsonDerivedType(typeof(LegCreated), "leg-created")]
[JsonDerivedType(typeof(LegRinging), "leg-ringing")]
[JsonDerivedType(typeof(LegAnswered), "leg-answered")]
[JsonDerivedType(typeof(LegBridged), "leg-bridged")]
[JsonDerivedType(typeof(LegUnbridged), "leg-unbridged")]
[JsonDerivedType(typeof(LegHeld), "leg-held")]
[JsonDerivedType(typeof(LegUnheld), "leg-unheld")]
[JsonDerivedType(typeof(DtmfReceived), "dtmf")]
[JsonDerivedType(typeof(DigitsCollected), "digits-collected")]
[JsonDerivedType(typeof(PlaybackFinished), "playback-finished")]
[JsonDerivedType(typeof(RecordingFinished), "recording-finished")]
[JsonDerivedType(typeof(LegHungUp), "leg-hungup")]
[JsonDerivedType(typeof(ExtensionRegistered), "extension-registered")]
[JsonDerivedType(typeof(ExtensionUnregistered), "extension-unregistered")]
[JsonDerivedType(typeof(GatewayStateChanged), "gateway-state")]
[JsonDerivedType(typeof(ConferenceMemberJoined), "conference-joined")]
[JsonDerivedType(typeof(ConferenceMemberLeft), "conference-left")]
[JsonDerivedType(typeof(SwitchConnectionChanged), "switch-connection")]
[GenerateSerializer, Immutable, Alias("telephony.SwitchEvent")]
public abstract record SwitchEvent
{
    /// <summary>The leg this event is about; empty for registration and gateway events.</summary>
    [Id(0)] public string LegId { get; init; } = "";

    /// <summary>The call the leg belongs to (<see cref="ChannelVariables.Call"/>), when known.</summary>
    [Id(1)] public string? CallId { get; init; }

    [Id(2)] public DateTimeOffset Timestamp { get; init; }

    [Id(3)] public IReadOnlyDictionary<string, string> Variables { get; init; } = EmptyVariables;

    public static readonly IReadOnlyDictionary<string, string> EmptyVariables = new Dictionary<string, string>();

    public string? Variable(string name) => Variables.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A leg exists: originated by us (outbound) or arriving from a phone or the PSTN (inbound, parked awaiting
/// instructions).</summary>
[GenerateSerializer, Immutable, Alias("telephony.LegCreated")]
public sealed record LegCreated(LegDirection Direction, string CallerIdNumber, string DestinationNumber, string? Gateway, string? Domain) : SwitchEvent;

/// <summary>The far end is ringing (<paramref name="EarlyMedia"/>: with in-band audio, CHANNEL_PROGRESS_MEDIA).</summary>
[GenerateSerializer, Immutable, Alias("telephony.LegRinging")]
public sealed record LegRinging(bool EarlyMedia) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.LegAnswered")]
public sealed record LegAnswered : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.LegBridged")]
public sealed record LegBridged(string OtherLegId) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.LegUnbridged")]
public sealed record LegUnbridged(string OtherLegId) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.LegHeld")]
public sealed record LegHeld : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.LegUnheld")]
public sealed record LegUnheld : SwitchEvent;

/// <summary>One DTMF digit pressed on the leg.</summary>
[GenerateSerializer, Immutable, Alias("telephony.DtmfReceived")]
public sealed record DtmfReceived(char Digit) : SwitchEvent;

/// <summary>The result of <see cref="ISwitch.CollectDigitsAsync"/>: the digits (empty on timeout) and whether they
/// matched the requested pattern.</summary>
[GenerateSerializer, Immutable, Alias("telephony.DigitsCollected")]
public sealed record DigitsCollected(string Digits, bool Valid) : SwitchEvent;

/// <summary>A prompt finished playing; <paramref name="Completed"/> is false when it was stopped or the leg hung up.</summary>
[GenerateSerializer, Immutable, Alias("telephony.PlaybackFinished")]
public sealed record PlaybackFinished(string Prompt, bool Completed) : SwitchEvent;

/// <summary>A recording was closed and stored under <paramref name="BlobKey"/> in the recording blob store.</summary>
[GenerateSerializer, Immutable, Alias("telephony.RecordingFinished")]
public sealed record RecordingFinished(string BlobKey, TimeSpan Duration) : SwitchEvent;

/// <summary>Who ended a leg.</summary>
[GenerateSerializer, Alias("telephony.HangupInitiator")]
public enum HangupInitiator
{
    /// <summary>The party on this leg hung up (SIP BYE received, or they rejected/never answered).</summary>
    Remote,
    /// <summary>The switch or the control plane ended it (kill, partner hung up, timeout).</summary>
    Local,
}

/// <summary>The leg is gone (CHANNEL_HANGUP_COMPLETE).</summary>
/// <param name="Cause">A FreeSWITCH cause name, see <see cref="HangupCauses"/>.</param>
/// <param name="Initiator">Who hung up.</param>
/// <param name="AnsweredAt">When the leg was answered, if it was.</param>
/// <param name="BillSeconds">Seconds from answer to hang-up (0 if never answered).</param>
/// <param name="DurationSeconds">Seconds from creation to hang-up.</param>
[GenerateSerializer, Immutable, Alias("telephony.LegHungUp")]
public sealed record LegHungUp(string Cause, HangupInitiator Initiator, DateTimeOffset CreatedAt, DateTimeOffset? AnsweredAt, int BillSeconds, int DurationSeconds) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.ExtensionRegistered")]
public sealed record ExtensionRegistered(string Extension, string Domain, string Contact) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.ExtensionUnregistered")]
public sealed record ExtensionUnregistered(string Extension, string Domain) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.GatewayStateChanged")]
public sealed record GatewayStateChanged(string Gateway, bool Up) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.ConferenceMemberJoined")]
public sealed record ConferenceMemberJoined(string Conference, string MemberId) : SwitchEvent;

[GenerateSerializer, Immutable, Alias("telephony.ConferenceMemberLeft")]
public sealed record ConferenceMemberLeft(string Conference, string MemberId) : SwitchEvent;

/// <summary>The connection to the media server was lost (<paramref name="Connected"/> false) or re-established; after a
/// reconnect the driver has already re-attached live legs.</summary>
[GenerateSerializer, Immutable, Alias("telephony.SwitchConnectionChanged")]
public sealed record SwitchConnectionChanged(bool Connected, string Reason) : SwitchEvent;
