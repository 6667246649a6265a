namespace CallCenter.Telephony;

/// <summary>
/// Everything the control plane asks of a media server (DESIGN.md §5). Grains use only this. Commands complete when the
/// switch has accepted them; what then happens to the legs arrives as <see cref="SwitchEvent"/>s, in order per leg.
/// Commands on a leg that no longer exists fail with <see cref="SwitchCommandException"/>.
/// </summary>
public interface ISwitch
{
    /// <summary>Receives every event. Handlers run in event order; a handler that throws is logged and skipped.</summary>
    IDisposable Subscribe(Func<SwitchEvent, ValueTask> handler);

    // Provisioning
    Task ProvisionExtensionAsync(ExtensionCredentials credentials, CancellationToken cancellationToken = default);
    /// <summary>Removes the SIP user and drops its registration.</summary>
    Task RemoveExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default);
    Task ProvisionGatewayAsync(GatewayDefinition gateway, CancellationToken cancellationToken = default);
    Task RemoveGatewayAsync(string gateway, CancellationToken cancellationToken = default);

    // Legs
    /// <summary>Places a new leg. Failure to reach the destination is reported as <see cref="LegHungUp"/> with the cause a
    /// real switch gives (e.g. <c>USER_NOT_REGISTERED</c>, <c>NORMAL_CIRCUIT_CONGESTION</c> beyond a gateway's limit).</summary>
    Task OriginateAsync(OriginateRequest request, CancellationToken cancellationToken = default);
    Task AnswerAsync(string legId, CancellationToken cancellationToken = default);
    /// <summary>Connects two legs (each leaves whatever it was bridged to or doing).</summary>
    Task BridgeAsync(string legId, string otherLegId, CancellationToken cancellationToken = default);
    /// <summary>Takes a leg out of its bridge and parks it (silence, stays up).</summary>
    Task ParkAsync(string legId, CancellationToken cancellationToken = default);
    Task HoldAsync(string legId, CancellationToken cancellationToken = default);
    Task UnholdAsync(string legId, CancellationToken cancellationToken = default);
    /// <summary>Blind transfer: the leg leaves its current partner and is connected to a new destination.</summary>
    Task TransferAsync(string legId, Endpoint destination, CancellationToken cancellationToken = default);
    Task HangupAsync(string legId, string cause = HangupCauses.NormalClearing, CancellationToken cancellationToken = default);
    /// <summary>Sets (or, with an empty value, removes) channel variables on a live leg (FreeSWITCH <c>uuid_setvar_multi</c>);
    /// every later event of the leg carries them. Used when a leg changes owner (transfer, cross-board move) and to adopt
    /// inbound legs, which arrive without our variables.</summary>
    Task SetVariablesAsync(string legId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default);

    // Media
    /// <summary>Plays a prompt to the leg. With <paramref name="mixed"/> it is mixed under a live conversation
    /// (<c>uuid_displace</c>) instead of replacing it (<c>uuid_broadcast</c>).</summary>
    Task PlayAsync(string legId, string prompt, bool mixed = false, bool loop = false, CancellationToken cancellationToken = default);
    Task StopPlaybackAsync(string legId, CancellationToken cancellationToken = default);
    Task CollectDigitsAsync(string legId, DigitCollection collection, CancellationToken cancellationToken = default);
    /// <summary>Starts recording the leg (both directions) to <paramref name="blobKey"/> in the recording store.</summary>
    Task StartRecordingAsync(string legId, string blobKey, CancellationToken cancellationToken = default);
    Task StopRecordingAsync(string legId, string blobKey, CancellationToken cancellationToken = default);

    // Conferences
    /// <summary>Moves the leg into the named conference (created on first join).</summary>
    Task ConferenceJoinAsync(string conference, string legId, bool muted = false, bool moderator = false, CancellationToken cancellationToken = default);
    Task ConferenceKickAsync(string conference, string legId, CancellationToken cancellationToken = default);
    Task ConferenceMuteAsync(string conference, string legId, bool muted, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ConferenceMember>> ConferenceListAsync(string conference, CancellationToken cancellationToken = default);
    /// <summary>Ends the conference and hangs up every member.</summary>
    Task ConferenceDestroyAsync(string conference, CancellationToken cancellationToken = default);

    // Supervision
    /// <summary>Connects an answered <paramref name="listenerLegId"/> to <paramref name="targetLegId"/>'s conversation.</summary>
    Task EavesdropAsync(string listenerLegId, string targetLegId, EavesdropMode mode, CancellationToken cancellationToken = default);
    /// <summary>Joins <paramref name="thirdLegId"/> into <paramref name="targetLegId"/>'s bridge so all three talk.</summary>
    Task ThreeWayAsync(string thirdLegId, string targetLegId, CancellationToken cancellationToken = default);

    /// <summary>Legs the switch has now, for re-attaching calls after a reconnect or restart.</summary>
    Task<IReadOnlyList<LiveLeg>> ListLegsAsync(CancellationToken cancellationToken = default);
}
