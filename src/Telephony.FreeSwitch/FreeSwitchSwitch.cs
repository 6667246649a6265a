using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// <see cref="ISwitch"/> on a FreeSWITCH media server, driven over the inbound event socket. Commands map to API
/// commands (see <see cref="FreeSwitchCommandBuilder"/> for the exact text); FreeSWITCH events are translated into
/// <see cref="SwitchEvent"/>s on one pump, in arrival order, and handed to subscribers one at a time.
/// </summary>
public sealed class FreeSwitchSwitch : ISwitch, IAsyncDisposable
{
    /// <summary>The events the driver subscribes to (<c>event json ...</c>), replayed on every reconnect.</summary>
    public const string EventSubscription =
        "CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_PROGRESS_MEDIA CHANNEL_ANSWER CHANNEL_BRIDGE CHANNEL_UNBRIDGE " +
        "CHANNEL_HOLD CHANNEL_UNHOLD CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE DTMF PLAYBACK_STOP RECORD_STOP BACKGROUND_JOB " +
        "CUSTOM sofia::register sofia::unregister sofia::expire sofia::gateway_state conference::maintenance";

    private readonly EventSocketClient _client;
    private readonly FreeSwitchOptions _options;
    private readonly IFreeSwitchDirectory _directory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FreeSwitchCommandBuilder _commands;
    private readonly FreeSwitchCallRegistry _registry = new();
    private readonly FreeSwitchEventTranslator _translator;
    private readonly SwitchEventDispatcher _dispatcher;
    private readonly RecordingUploader _uploader;
    private readonly Channel<PumpItem> _pump = Channel.CreateUnbounded<PumpItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pumpLoop;
    private int _started;
    private int _stopped;

    public FreeSwitchSwitch(
        EventSocketClient client,
        IFreeSwitchDirectory directory,
        ILogger<FreeSwitchSwitch>? logger = null,
        IBlobStore? recordingStore = null,
        TimeProvider? time = null)
    {
        _client = client;
        _options = client.Options;
        _directory = directory;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _commands = new FreeSwitchCommandBuilder(_options);
        _translator = new FreeSwitchEventTranslator(_options, _registry, _logger, _time);
        _dispatcher = new SwitchEventDispatcher(_logger);
        _uploader = new RecordingUploader(recordingStore, _options, _logger);
        _client.EventReceived = evt =>
        {
            Enqueue(new PumpItem.FromSwitch(evt));
            return ValueTask.CompletedTask;
        };
        _client.ConnectionChanged = OnConnectionChangedAsync;
        _pumpLoop = Task.Run(PumpAsync);
    }

    /// <summary>Subscribes to the driver's events and starts connecting (in the background: the switch may be down).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        await _client.SubscribeAsync(EventSubscription, cancellationToken).ConfigureAwait(false);
        _client.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        // Idempotent: the host stops it, and the container disposes it (once per registration that resolves it).
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _client.StopAsync(cancellationToken).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _pump.Writer.TryComplete();
        try
        {
            await _pumpLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host stopped waiting; the pump ends when its queue is drained.
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    public IDisposable Subscribe(Func<SwitchEvent, ValueTask> handler) => _dispatcher.Subscribe(handler);

    // Provisioning

    public async Task ProvisionExtensionAsync(ExtensionCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        CommandArgument.Number(credentials.Extension, "extension");
        CommandArgument.Domain(credentials.Domain, "domain");
        // FreeSWITCH asks for the user (through mod_xml_curl) when the phone registers; nothing to push.
        await _directory.UpsertExtensionAsync(credentials, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Provisioned extension {Extension}@{Domain}", credentials.Extension, credentials.Domain);
    }

    public async Task RemoveExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default)
    {
        var command = _commands.FlushRegistration(extension, domain);
        await _directory.RemoveExtensionAsync(extension, domain, cancellationToken).ConfigureAwait(false);
        await ApiAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task ProvisionGatewayAsync(GatewayDefinition gateway, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var kill = _commands.KillGateway(gateway.Name);
        CommandArgument.Word(gateway.Realm, "gateway realm");
        var replaced = await _directory.UpsertGatewayAsync(gateway, cancellationToken).ConfigureAwait(false);
        // rescan only adds gateways it does not have, so a changed one is removed first and re-read.
        if (replaced) await RawApiAsync(kill, cancellationToken).ConfigureAwait(false);
        await ApiAsync(_commands.RescanGateways(), cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveGatewayAsync(string gateway, CancellationToken cancellationToken = default)
    {
        var command = _commands.KillGateway(gateway);
        await _directory.RemoveGatewayAsync(gateway, cancellationToken).ConfigureAwait(false);
        var result = await RawApiAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.StartsWith('-')) _logger.LogInformation("Gateway {Gateway} was not running on FreeSWITCH: {Result}", gateway, result);
    }

    // Legs

    public async Task OriginateAsync(OriginateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        GatewayDefinition? gateway = null;
        if (request.Destination is PstnEndpoint pstn)
        {
            gateway = await _directory.FindGatewayAsync(pstn.Gateway, cancellationToken).ConfigureAwait(false);
        }
        var command = _commands.Originate(request, gateway?.CallerIdNumber);
        var now = _time.GetUtcNow();
        if (request.Destination is PstnEndpoint limited && !_registry.TryClaimGateway(limited.Gateway, request.LegId, gateway?.ChannelLimit ?? 0))
        {
            _logger.LogInformation("Gateway {Gateway} is at its limit of {Limit} channels; leg {LegId} refused", limited.Gateway, gateway?.ChannelLimit, request.LegId);
            Enqueue(new PumpItem.Raised(new LegHungUp(HangupCauses.NormalCircuitCongestion, HangupInitiator.Local, now, null, 0, 0)
            {
                LegId = request.LegId,
                CallId = request.CallId,
                Timestamp = now,
                Variables = PendingOriginate.CallVariables(request),
            }));
            return;
        }

        var jobUuid = Guid.NewGuid().ToString();
        _registry.AddOriginate(new PendingOriginate(jobUuid, request, now, request.RingTimeout ?? _options.DefaultRingTimeout));
        BackgroundJob job;
        try
        {
            job = await _client.BgApiAsync(command, jobUuid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EslConnectionException or EslCommandTimeoutException or OperationCanceledException)
        {
            _registry.TakeOriginate(jobUuid);
            _registry.Forget(request.LegId);
            if (ex is OperationCanceledException) throw;
            throw new SwitchCommandException(command, ex.Message, ex);
        }
        if (job.Result.IsFaulted)
        {
            _registry.TakeOriginate(jobUuid);
            _registry.Forget(request.LegId);
            throw new SwitchCommandException(command, job.Result.Exception?.InnerException?.Message ?? "refused");
        }
        if (!string.Equals(job.JobUuid, jobUuid, StringComparison.OrdinalIgnoreCase) && _registry.TakeOriginate(jobUuid) is { } pending)
        {
            _registry.AddOriginate(pending with { JobUuid = job.JobUuid });
        }
        // The result is consumed as a BACKGROUND_JOB event on the pump; a lost connection must not go unobserved.
        _ = job.Result.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public Task AnswerAsync(string legId, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.Answer(legId), cancellationToken);

    public async Task BridgeAsync(string legId, string otherLegId, CancellationToken cancellationToken = default)
    {
        await ApiAsync(_commands.Bridge(legId, otherLegId), cancellationToken).ConfigureAwait(false);
        // Known before CHANNEL_BRIDGE arrives, for a transfer issued right after.
        _registry.SetPartner(legId, otherLegId);
        _registry.SetPartner(otherLegId, legId);
    }

    public Task ParkAsync(string legId, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.Park(legId), cancellationToken);

    public Task HoldAsync(string legId, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.Hold(legId), cancellationToken);

    public Task UnholdAsync(string legId, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.Unhold(legId), cancellationToken);

    public async Task TransferAsync(string legId, Endpoint destination, CancellationToken cancellationToken = default)
    {
        CommandArgument.Token(legId, "leg id");
        var variables = _registry.FindCallVariables(legId) ?? await DumpCallVariablesAsync(legId, cancellationToken).ConfigureAwait(false);
        var partner = _registry.FindPartner(legId);
        await ApiAsync(_commands.Transfer(legId, destination, variables), cancellationToken).ConfigureAwait(false);
        // A blind transfer releases the party who transferred (park_after_bridge would otherwise keep them parked).
        if (partner is not null) await HangUpQuietlyAsync(partner, cancellationToken).ConfigureAwait(false);
    }

    public Task HangupAsync(string legId, string cause = HangupCauses.NormalClearing, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.Hangup(legId, cause), cancellationToken);

    public async Task SetVariablesAsync(string legId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var command in _commands.SetVariables(legId, variables))
        {
            await ApiAsync(command, cancellationToken).ConfigureAwait(false);
        }
        // Later events carry the new values; commands issued before the next event (a transfer) need them now.
        var known = new Dictionary<string, string>(_registry.FindCallVariables(legId) ?? SwitchEvent.EmptyVariables, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (!name.StartsWith("cc_", StringComparison.Ordinal)) continue;
            if (string.IsNullOrEmpty(value)) known.Remove(name);
            else known[name] = value;
        }
        _registry.SetCallVariables(legId, known);
    }

    // Media

    public async Task PlayAsync(string legId, string prompt, bool mixed = false, bool loop = false, CancellationToken cancellationToken = default)
    {
        var path = _commands.PromptPath(prompt);
        var command = _commands.Play(legId, path, mixed, loop);
        _registry.RememberPrompt(legId, path, prompt);
        if (mixed) _registry.SetDisplaced(legId, path);
        await ApiAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopPlaybackAsync(string legId, CancellationToken cancellationToken = default)
    {
        var stopBroadcast = _commands.StopBroadcast(legId);
        if (_registry.TakeDisplaced(legId) is { } path)
        {
            await ApiAsync(_commands.StopDisplace(legId, path), cancellationToken).ConfigureAwait(false);
            // A displaced (mixed) prompt is a media bug, not a playback: FreeSWITCH raises no PLAYBACK_STOP for it.
            var prompt = _registry.TakePrompt(legId, path) ?? path;
            var variables = _registry.FindCallVariables(legId) ?? SwitchEvent.EmptyVariables;
            Enqueue(new PumpItem.Raised(new PlaybackFinished(prompt, false)
            {
                LegId = legId,
                CallId = variables.GetValueOrDefault(ChannelVariables.Call),
                Timestamp = _time.GetUtcNow(),
                Variables = variables,
            }));
        }
        await ApiAsync(stopBroadcast, cancellationToken).ConfigureAwait(false);
    }

    public async Task CollectDigitsAsync(string legId, DigitCollection collection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        CommandArgument.Token(legId, "leg id");
        var headers = _commands.CollectDigits(collection, Guid.NewGuid().ToString());
        var description = $"sendmsg {legId} execute play_and_get_digits";
        EslFrame reply;
        try
        {
            reply = await _client.SendMsgAsync(legId, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EslConnectionException or EslCommandTimeoutException)
        {
            throw new SwitchCommandException(description, ex.Message, ex);
        }
        if (reply.IsError) throw new SwitchCommandException(description, reply.ResultText);
    }

    public Task StartRecordingAsync(string legId, string blobKey, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.RecordStart(legId, blobKey), cancellationToken);

    public Task StopRecordingAsync(string legId, string blobKey, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.RecordStop(legId, blobKey), cancellationToken);

    // Conferences

    public Task ConferenceJoinAsync(string conference, string legId, bool muted = false, bool moderator = false, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.ConferenceJoin(conference, legId, muted, moderator), cancellationToken);

    public async Task ConferenceKickAsync(string conference, string legId, CancellationToken cancellationToken = default) =>
        await ConferenceMemberCommandAsync(conference, legId, "kick", cancellationToken).ConfigureAwait(false);

    public async Task ConferenceMuteAsync(string conference, string legId, bool muted, CancellationToken cancellationToken = default) =>
        await ConferenceMemberCommandAsync(conference, legId, muted ? "mute" : "unmute", cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ConferenceMember>> ConferenceListAsync(string conference, CancellationToken cancellationToken = default)
    {
        var command = _commands.ConferenceList(conference);
        var result = await RawApiAsync(command, cancellationToken).ConfigureAwait(false);
        // A conference nobody is in does not exist on FreeSWITCH: "-ERR Conference x not found".
        if (!result.StartsWith('[') && !result.StartsWith('{')) return [];
        try
        {
            return ConferenceListParser.Parse(result, conference, _time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            throw new SwitchCommandException(command, ex.Message, ex);
        }
    }

    public async Task ConferenceDestroyAsync(string conference, CancellationToken cancellationToken = default)
    {
        var result = await RawApiAsync(_commands.ConferenceDestroy(conference), cancellationToken).ConfigureAwait(false);
        if (IsConferenceFailure(result)) _logger.LogDebug("Conference {Conference} was not running: {Result}", conference, result);
    }

    // Supervision

    public Task EavesdropAsync(string listenerLegId, string targetLegId, EavesdropMode mode, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.Eavesdrop(listenerLegId, targetLegId, mode), cancellationToken);

    public Task ThreeWayAsync(string thirdLegId, string targetLegId, CancellationToken cancellationToken = default) =>
        ApiAsync(_commands.ThreeWay(thirdLegId, targetLegId), cancellationToken);

    public async Task<IReadOnlyList<LiveLeg>> ListLegsAsync(CancellationToken cancellationToken = default)
    {
        var listing = await ApiAsync(FreeSwitchCommandBuilder.ShowChannels, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ChannelListParser.ChannelRow> rows;
        try
        {
            rows = ChannelListParser.ParseChannels(listing);
        }
        catch (FormatException ex)
        {
            throw new SwitchCommandException(FreeSwitchCommandBuilder.ShowChannels, ex.Message, ex);
        }
        var legs = new List<LiveLeg>(rows.Count);
        foreach (var row in rows)
        {
            var dump = await DumpAsync(row.Uuid, cancellationToken).ConfigureAwait(false);
            if (dump.Gone) continue;
            legs.Add(ChannelListParser.ToLiveLeg(row, dump.Channel));
        }
        return legs;
    }

    private async Task ConferenceMemberCommandAsync(string conference, string legId, string verb, CancellationToken cancellationToken)
    {
        var memberId = _registry.FindMember(conference, legId)
            ?? (await ConferenceListAsync(conference, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(m => string.Equals(m.LegId, legId, StringComparison.OrdinalIgnoreCase))?.MemberId
            ?? throw new SwitchCommandException($"conference {conference} {verb}", $"leg {legId} is not in conference {conference}");
        var command = _commands.ConferenceMember(conference, verb, memberId);
        var result = await RawApiAsync(command, cancellationToken).ConfigureAwait(false);
        if (IsConferenceFailure(result)) throw new SwitchCommandException(command, result);
    }

    /// <summary>mod_conference answers in prose: "OK kicked 5", "Non-Existent ID 5", "Conference x not found".</summary>
    private static bool IsConferenceFailure(string result) =>
        result.StartsWith('-')
        || result.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || result.Contains("Non-Existent", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ends a leg the driver itself decided to end; it may already be gone, which is fine.</summary>
    private async Task HangUpQuietlyAsync(string legId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RawApiAsync(_commands.Hangup(legId, HangupCauses.NormalClearing), cancellationToken).ConfigureAwait(false);
            if (result.StartsWith('-')) _logger.LogDebug("Leg {LegId} was already gone: {Result}", legId, result);
        }
        catch (SwitchCommandException ex)
        {
            _logger.LogWarning("Could not hang up leg {LegId}: {Reason}", legId, ex.Reason);
        }
    }

    private async Task<(bool Gone, EslEvent? Channel)> DumpAsync(string legId, CancellationToken cancellationToken)
    {
        var text = await RawApiAsync(_commands.Dump(legId), cancellationToken).ConfigureAwait(false);
        if (text.StartsWith('-')) return (true, null);
        try
        {
            return (false, ChannelListParser.ParseDump(text));
        }
        catch (FormatException ex)
        {
            _logger.LogWarning("uuid_dump of {LegId} unreadable: {Reason}", legId, ex.Message);
            return (false, null);
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> DumpCallVariablesAsync(string legId, CancellationToken cancellationToken)
    {
        var dump = await DumpAsync(legId, cancellationToken).ConfigureAwait(false);
        if (dump.Gone) throw new SwitchCommandException(_commands.Dump(legId), $"no such leg {legId}");
        return dump.Channel?.Variables.Where(v => v.Key.StartsWith("cc_", StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal) ?? new Dictionary<string, string>();
    }

    /// <summary>An API command whose "-ERR ..." answer is a failure.</summary>
    private async Task<string> ApiAsync(string command, CancellationToken cancellationToken)
    {
        var result = await RawApiAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.StartsWith('-')) throw new SwitchCommandException(command, result);
        return result;
    }

    private async Task<string> RawApiAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.ApiAsync(command, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception ex) when (ex is EslConnectionException or EslCommandTimeoutException)
        {
            throw new SwitchCommandException(command, ex.Message, ex);
        }
    }

    private async Task OnConnectionChangedAsync(EventSocketConnectionChange change)
    {
        if (!change.Connected)
        {
            Enqueue(new PumpItem.Disconnected(change.Reason));
            return;
        }
        IReadOnlyList<LiveLeg>? legs = null;
        var reason = change.Reconnected ? "reconnected" : "connected";
        try
        {
            legs = await ListLegsAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SwitchCommandException or OperationCanceledException)
        {
            reason += $"; listing live channels failed: {ex.Message}";
            _logger.LogWarning("Could not list live FreeSWITCH channels after connecting: {Reason}", ex.Message);
        }
        Enqueue(new PumpItem.Connected(legs, change.Reconnected, reason));
    }

    /// <summary>Completes when every event received so far has been delivered to subscribers.</summary>
    internal Task WhenEventsDeliveredAsync()
    {
        var barrier = new PumpItem.Barrier(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pump.Writer.TryWrite(barrier)) return Task.CompletedTask;
        return barrier.Reached.Task;
    }

    private static IReadOnlyList<SwitchEvent> Reach(PumpItem.Barrier barrier)
    {
        barrier.Reached.TrySetResult();
        return [];
    }

    private void Enqueue(PumpItem item)
    {
        if (!_pump.Writer.TryWrite(item)) _logger.LogDebug("Event pump closed; {Item} dropped", item.GetType().Name);
    }

    private async Task PumpAsync()
    {
        await foreach (var item in _pump.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            IReadOnlyList<SwitchEvent> events;
            try
            {
                events = item switch
                {
                    PumpItem.FromSwitch fromSwitch => _translator.Translate(fromSwitch.Event),
                    PumpItem.Connected connected => _translator.Reattach(connected.LiveLegs, connected.Reconnected, connected.Reason),
                    PumpItem.Disconnected disconnected => [new SwitchConnectionChanged(false, disconnected.Reason) { Timestamp = _time.GetUtcNow() }],
                    PumpItem.Raised raised => [raised.Event],
                    PumpItem.Barrier barrier => Reach(barrier),
                    _ => [],
                };
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Translating {Item} failed; skipped", item);
                continue;
            }
            foreach (var partner in _translator.TakePartnersToHangUp())
            {
                // Not awaited: the pump must not wait for command replies, and the order of the kill does not matter.
                _ = HangUpQuietlyAsync(partner, _stopping.Token);
            }
            foreach (var evt in events)
            {
                if (evt is RecordingFinished recording && _uploader.Enabled && item is not PumpItem.Raised)
                {
                    _ = UploadThenRaiseAsync(recording);
                    continue;
                }
                await _dispatcher.DispatchAsync(evt).ConfigureAwait(false);
            }
        }
    }

    /// <summary>RecordingFinished promises the blob is in the store, so it waits for the upload; other events keep
    /// flowing meanwhile, which means it can arrive after the leg's LegHungUp.</summary>
    private async Task UploadThenRaiseAsync(RecordingFinished recording)
    {
        try
        {
            await _uploader.UploadAsync(recording, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Enqueue(new PumpItem.Raised(recording));
    }
}
