using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// Puts the simulated network behind the fake event socket, so the FreeSWITCH driver can be run through the ISwitch
/// contract suite: the FreeSWITCH commands the driver sends are parsed back into <see cref="SimulatedSwitch"/> calls, and
/// the simulator's events are written out as the text/event-json FreeSWITCH would send (CHANNEL_*, BACKGROUND_JOB,
/// CUSTOM sofia::* and conference::maintenance). Directory and gateway data come from the same
/// <see cref="IFreeSwitchDirectory"/> the driver provisions, as FreeSWITCH would fetch them through mod_xml_curl.
/// </summary>
internal sealed class SimulatedFreeSwitch : IFakeFreeSwitchBehaviour, IDisposable
{
    /// <summary>Variables the driver puts in the originate dial string for FreeSWITCH itself, not for the leg.</summary>
    private static readonly HashSet<string> SwitchVariables =
        ["origination_uuid", "origination_caller_id_number", "origination_caller_id_name", "originate_timeout", "ignore_early_media", "park_after_bridge"];

    private readonly SimulatedSwitch _network;
    private readonly IFreeSwitchDirectory _directory;
    private readonly FreeSwitchOptions _options;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<string, string> _pendingJobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _digitApplications = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _channels = new(StringComparer.Ordinal);

    public SimulatedFreeSwitch(SimulatedSwitch network, IFreeSwitchDirectory directory, FreeSwitchOptions options)
    {
        _network = network;
        _directory = directory;
        _options = options;
        _subscription = network.Subscribe(OnNetworkEventAsync);
    }

    public FakeFreeSwitchServer? Server { get; set; }

    public void Dispose() => _subscription.Dispose();

    public async ValueTask<FakeReply> HandleAsync(FakeCommand command, FakeSession session)
    {
        switch (command.Verb)
        {
            case "api":
                return new FakeReply.Api(await ApiAsync(command.ApiCommand));
            case "bgapi":
            {
                var job = command.Headers["Job-UUID"];
                await session.ReplyAsync($"+OK Job-UUID: {job}", new Dictionary<string, string> { ["Job-UUID"] = job });
                if (command.ApiCommand.StartsWith("originate ", StringComparison.Ordinal)) await OriginateAsync(command.ApiCommand, job);
                else await BackgroundJobAsync(job, await ApiAsync(command.ApiCommand));
                return new FakeReply.Silence();
            }
            case "sendmsg":
                return new FakeReply.Command(await SendMsgAsync(command));
            default:
                return new FakeReply.Command("-ERR command not found");
        }
    }

    // ---- commands -------------------------------------------------------------------------------------------------

    private async Task<string> ApiAsync(string command)
    {
        var p = command.Split(' ');
        try
        {
            switch (p[0])
            {
                case "status": return "UP 0 years, 0 days, 0 hours\n";
                case "uuid_answer": await _network.AnswerAsync(p[1]); return "+OK\n";
                case "uuid_bridge": await _network.BridgeAsync(p[1], p[2]); return $"+OK {p[2]}\n";
                case "uuid_park": await _network.ParkAsync(p[1]); return "+OK\n";
                case "uuid_hold":
                    if (p[1] == "off") await _network.UnholdAsync(p[2]);
                    else await _network.HoldAsync(p[1]);
                    return "+OK\n";
                case "uuid_kill": await _network.HangupAsync(p[1], p.Length > 2 ? p[2] : HangupCauses.NormalClearing); return "+OK\n";
                case "uuid_setvar_multi":
                    await _network.SetVariablesAsync(p[1], p[2].Split(';').Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]));
                    return "+OK\n";
                case "uuid_setvar":
                    await _network.SetVariablesAsync(p[1], new Dictionary<string, string> { [p[2]] = p.Length > 3 ? p[3] : "" });
                    return "+OK\n";
                case "uuid_transfer": await TransferAsync(p[1], p[2]); return "+OK\n";
                case "uuid_broadcast":
                {
                    const string endless = "endless_playback::";
                    var loop = p[2].StartsWith(endless, StringComparison.Ordinal);
                    await _network.PlayAsync(p[1], loop ? p[2][endless.Length..] : p[2], mixed: false, loop: loop);
                    return "+OK Message queued\n";
                }
                case "uuid_displace":
                    if (p[2] == "start") await _network.PlayAsync(p[1], p[3], mixed: true, loop: p.Length > 5 && p[5].Contains("loop", StringComparison.Ordinal));
                    else await _network.StopPlaybackAsync(p[1]);
                    return "+OK\n";
                case "uuid_break": await _network.StopPlaybackAsync(p[1]); return "+OK\n";
                case "uuid_record":
                {
                    var key = p[3][(_options.RecordingDirectory.TrimEnd('/') + "/").Length..];
                    if (p[2] == "start") await _network.StartRecordingAsync(p[1], key);
                    else await _network.StopRecordingAsync(p[1], key);
                    return "+OK Success\n";
                }
                case "conference": return await ConferenceAsync(p);
                case "show" when command == "show channels as json": return await ChannelsAsync();
                case "uuid_dump": return await DumpAsync(p[1]);
                case "sofia": return await SofiaAsync(p);
                default: return $"-ERR {p[0]} Command not found!\n";
            }
        }
        catch (SwitchCommandException ex)
        {
            return $"-ERR {ex.Reason}\n";
        }
    }

    private async Task OriginateAsync(string command, string job)
    {
        // originate {a=b,c=d}DIAL &park()
        var close = command.IndexOf('}', StringComparison.Ordinal);
        var variables = ParseVariables(command["originate {".Length..close]);
        var dial = command[(close + 1)..command.LastIndexOf(' ')];
        var legId = variables["origination_uuid"];
        var request = new OriginateRequest(
            legId,
            variables.GetValueOrDefault(ChannelVariables.Call, ""),
            ParseEndpoint(dial),
            variables.GetValueOrDefault("origination_caller_id_number", ""),
            variables.GetValueOrDefault("origination_caller_id_name"),
            variables.TryGetValue("originate_timeout", out var timeout) ? TimeSpan.FromSeconds(int.Parse(timeout, CultureInfo.InvariantCulture)) : null,
            variables.Where(v => !SwitchVariables.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value));
        _pendingJobs[legId] = job;
        try
        {
            await LookUpUserAsync(request.Destination);
            await _network.OriginateAsync(request);
        }
        catch (SwitchCommandException ex)
        {
            _pendingJobs.TryRemove(legId, out _);
            await BackgroundJobAsync(job, $"-ERR {ex.Reason}\n");
        }
    }

    private async Task TransferAsync(string legId, string inline)
    {
        const string delimiterPrefix = "m:^:";
        var applications = (inline.StartsWith(delimiterPrefix, StringComparison.Ordinal) ? inline[delimiterPrefix.Length..] : inline)
            .Split('^')
            .Select(a => a.Split(':', 2))
            .Select(a => (App: a[0], Arg: a.Length > 1 ? a[1] : ""))
            .ToList();
        var settings = applications.Where(a => a.App == "set").Select(a => a.Arg.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        foreach (var (app, arg) in applications)
        {
            switch (app)
            {
                case "conference":
                {
                    var name = arg[..arg.IndexOf('@', StringComparison.Ordinal)];
                    var flags = arg.Contains("+flags{", StringComparison.Ordinal) ? arg[(arg.IndexOf("+flags{", StringComparison.Ordinal) + 7)..^1].Split('|') : [];
                    await _network.ConferenceJoinAsync(name, legId, flags.Contains("mute"), flags.Contains("moderator"));
                    return;
                }
                case "eavesdrop":
                {
                    var mode = (settings.GetValueOrDefault("eavesdrop_whisper_aleg"), settings.GetValueOrDefault("eavesdrop_whisper_bleg")) switch
                    {
                        ("true", "true") => EavesdropMode.Barge,
                        ("true", _) => EavesdropMode.Whisper,
                        _ => EavesdropMode.Listen,
                    };
                    await _network.EavesdropAsync(legId, arg, mode);
                    return;
                }
                case "three_way":
                    await _network.ThreeWayAsync(legId, arg);
                    return;
                case "bridge":
                {
                    var destination = ParseEndpoint(arg[(arg.IndexOf('}', StringComparison.Ordinal) + 1)..]);
                    await LookUpUserAsync(destination);
                    await _network.TransferAsync(legId, destination);
                    return;
                }
            }
        }
        throw new SwitchCommandException("uuid_transfer", $"unsupported inline dialplan {inline}");
    }

    /// <summary>FreeSWITCH resolves user/EXT@DOMAIN through the directory (mod_xml_curl) at dial time, so a
    /// provisioned user is known to the network even if its phone never registered.</summary>
    private async Task LookUpUserAsync(Endpoint destination)
    {
        if (destination is ExtensionEndpoint user && await _directory.FindExtensionAsync(user.Extension, user.Domain) is { } credentials)
        {
            await _network.ProvisionExtensionAsync(credentials);
        }
    }

    private async Task<string> SendMsgAsync(FakeCommand command)
    {
        var legId = command.Arguments;
        if (command.Headers.GetValueOrDefault("execute-app-name") != "play_and_get_digits") return "-ERR unsupported";
        var arg = command.Headers["execute-app-arg"];
        var a = arg.Split(' ');
        string? Prompt(string file) => file.StartsWith("silence_stream://", StringComparison.Ordinal) ? null : file;
        var collection = new DigitCollection(Prompt(a[5]), int.Parse(a[0], CultureInfo.InvariantCulture), int.Parse(a[1], CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(int.Parse(a[3], CultureInfo.InvariantCulture)), a[4] == "none" ? "" : a[4], int.Parse(a[2], CultureInfo.InvariantCulture),
            Prompt(a[6]), a[8]);
        try
        {
            _digitApplications[legId] = arg;
            await _network.CollectDigitsAsync(legId, collection);
            return "+OK";
        }
        catch (SwitchCommandException)
        {
            _digitApplications.TryRemove(legId, out _);
            return $"-ERR invalid session id [{legId}]";
        }
    }

    private async Task<string> ConferenceAsync(string[] p)
    {
        var name = p[1];
        var members = await _network.ConferenceListAsync(name);
        switch (p[2])
        {
            case "json_list":
                if (members.Count == 0) return $"-ERR Conference {name} not found\n";
                var now = _network.Now;
                return JsonSerializer.Serialize(new[]
                {
                    new
                    {
                        conference_name = name,
                        member_count = members.Count,
                        members = members.Select(m => new
                        {
                            type = "caller",
                            id = int.TryParse(m.MemberId, out var numeric) ? (object)numeric : m.MemberId,
                            uuid = m.LegId,
                            flags = new { can_hear = true, can_speak = !m.Muted, is_moderator = m.Moderator },
                            join_time = (int)(now - m.JoinedAt).TotalSeconds,
                        }),
                    },
                });
            case "hup":
                await _network.ConferenceDestroyAsync(name);
                return "+OK\n";
            default:
                var member = members.FirstOrDefault(m => m.MemberId == p[3]);
                if (member is null) return $"Non-Existent ID {p[3]}\n";
                if (p[2] == "kick") await _network.ConferenceKickAsync(name, member.LegId);
                else await _network.ConferenceMuteAsync(name, member.LegId, p[2] == "mute");
                return $"OK {p[2]} {p[3]}\n";
        }
    }

    private async Task<string> ChannelsAsync()
    {
        var legs = await _network.ListLegsAsync();
        if (legs.Count == 0) return "{\"row_count\":0}";
        return JsonSerializer.Serialize(new
        {
            row_count = legs.Count,
            rows = legs.Select(l => new Dictionary<string, string>
            {
                ["uuid"] = l.LegId,
                ["direction"] = l.Direction == LegDirection.Inbound ? "inbound" : "outbound",
                ["created_epoch"] = l.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["cid_num"] = l.CallerIdNumber,
                ["dest"] = l.DestinationNumber,
                ["callstate"] = CallState(l.State),
            }),
        });
    }

    private async Task<string> DumpAsync(string legId)
    {
        var leg = (await _network.ListLegsAsync()).FirstOrDefault(l => l.LegId == legId);
        if (leg is null) return "-ERR No such channel!\n";
        var headers = new Dictionary<string, string>
        {
            ["Event-Name"] = "CHANNEL_DATA",
            ["Unique-ID"] = leg.LegId,
            ["Channel-Call-State"] = CallState(leg.State),
            ["Caller-Channel-Created-Time"] = Microseconds(leg.CreatedAt),
            ["Caller-Channel-Answered-Time"] = leg.AnsweredAt is { } answered ? Microseconds(answered) : "0",
        };
        foreach (var (name, value) in leg.Variables) headers["variable_" + name] = value;
        if (leg.CallId is not null) headers["variable_cc_call"] = leg.CallId;
        if (leg.BridgedTo is not null) headers["variable_bridge_uuid"] = leg.BridgedTo;
        return JsonSerializer.Serialize(headers);
    }

    private async Task<string> SofiaAsync(string[] p)
    {
        switch (p[3])
        {
            case "rescan":
                foreach (var gateway in await _directory.ListGatewaysAsync()) await _network.ProvisionGatewayAsync(gateway);
                return "+OK scan complete\n";
            case "killgw":
                await _network.RemoveGatewayAsync(p[4]);
                return "+OK gateway marked for deletion.\n";
            case "flush_inbound_reg":
                var user = p[4].Split('@');
                _network.UnregisterPhone(user[0], user[1]);
                return "+OK flushed\n";
            default:
                return "-ERR unknown sofia command\n";
        }
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private async ValueTask OnNetworkEventAsync(SwitchEvent e)
    {
        if (Server is not { } server) return;
        foreach (var (headers, body) in ToEsl(e)) await server.BroadcastEventAsync(headers, body);
    }

    private IEnumerable<(Dictionary<string, string> Headers, string? Body)> ToEsl(SwitchEvent e)
    {
        Dictionary<string, string> Channel(string name, params (string Key, string Value)[] extra)
        {
            var headers = new Dictionary<string, string>
            {
                ["Event-Name"] = name,
                ["Core-UUID"] = "5a1e0000-0000-4000-8000-00000000f5f5",
                ["Event-Date-Timestamp"] = Microseconds(e.Timestamp),
                ["Unique-ID"] = e.LegId,
            };
            foreach (var (key, value) in e.Variables) headers["variable_" + key] = value;
            if (e.CallId is not null) headers["variable_cc_call"] = e.CallId;
            foreach (var (key, value) in extra) headers[key] = value;
            return headers;
        }

        Dictionary<string, string> Custom(string subclass, params (string Key, string Value)[] extra)
        {
            var headers = Channel("CUSTOM", extra);
            headers["Event-Subclass"] = subclass;
            if (string.IsNullOrEmpty(e.LegId)) headers.Remove("Unique-ID");
            return headers;
        }

        switch (e)
        {
            case LegCreated created:
            {
                _channels[e.LegId] = true;
                var headers = Channel("CHANNEL_CREATE",
                    ("Call-Direction", created.Direction == LegDirection.Inbound ? "inbound" : "outbound"),
                    ("Caller-Caller-ID-Number", created.CallerIdNumber),
                    ("Caller-Destination-Number", created.DestinationNumber),
                    ("Caller-Channel-Created-Time", Microseconds(e.Timestamp)));
                if (created.Gateway is not null) headers["variable_sip_gateway_name"] = created.Gateway;
                if (created.Domain is not null) headers["variable_domain_name"] = created.Domain;
                yield return (headers, null);
                break;
            }
            case LegRinging ringing:
                yield return (Channel(ringing.EarlyMedia ? "CHANNEL_PROGRESS_MEDIA" : "CHANNEL_PROGRESS"), null);
                break;
            case LegAnswered:
                yield return (Channel("CHANNEL_ANSWER", ("Caller-Channel-Answered-Time", Microseconds(e.Timestamp))), null);
                if (_pendingJobs.TryRemove(e.LegId, out var answeredJob)) yield return Job(answeredJob, $"+OK {e.LegId}\n");
                break;
            case LegBridged bridged:
                yield return (Channel("CHANNEL_BRIDGE", ("Bridge-A-Unique-ID", e.LegId), ("Bridge-B-Unique-ID", bridged.OtherLegId), ("Other-Leg-Unique-ID", bridged.OtherLegId)), null);
                break;
            case LegUnbridged unbridged:
                yield return (Channel("CHANNEL_UNBRIDGE", ("Bridge-A-Unique-ID", e.LegId), ("Bridge-B-Unique-ID", unbridged.OtherLegId), ("Other-Leg-Unique-ID", unbridged.OtherLegId)), null);
                break;
            case LegHeld:
                yield return (Channel("CHANNEL_HOLD"), null);
                break;
            case LegUnheld:
                yield return (Channel("CHANNEL_UNHOLD"), null);
                break;
            case DtmfReceived dtmf:
                yield return (Channel("DTMF", ("DTMF-Digit", dtmf.Digit.ToString()), ("DTMF-Duration", "2000")), null);
                break;
            case DigitsCollected digits:
            {
                _digitApplications.TryRemove(e.LegId, out var arguments);
                var headers = Channel("CHANNEL_EXECUTE_COMPLETE", ("Application", "play_and_get_digits"),
                    ("Application-Data", arguments ?? $"1 1 1 5000 # silence_stream://250 silence_stream://250 {FreeSwitchCommandBuilder.DigitsVariable} \\d+"));
                // play_and_get_digits only stores input that matched.
                if (digits.Valid) headers["variable_" + FreeSwitchCommandBuilder.DigitsVariable] = digits.Digits;
                yield return (headers, null);
                break;
            }
            case PlaybackFinished playback:
                yield return (Channel("PLAYBACK_STOP", ("Playback-File-Path", playback.Prompt), ("Playback-Status", playback.Completed ? "done" : "break")), null);
                break;
            case RecordingFinished recording:
                yield return (Channel("RECORD_STOP",
                    ("Record-File-Path", $"{_options.RecordingDirectory.TrimEnd('/')}/{recording.BlobKey}"),
                    ("variable_record_ms", ((long)recording.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))), null);
                break;
            case LegHungUp hungUp:
                if (_channels.TryRemove(e.LegId, out _))
                {
                    var disposition = (hungUp.Initiator, hungUp.AnsweredAt is not null) switch
                    {
                        (HangupInitiator.Remote, true) => "recv_bye",
                        (HangupInitiator.Remote, false) => "recv_refuse",
                        (HangupInitiator.Local, true) => "send_bye",
                        _ => "send_cancel",
                    };
                    yield return (Channel("CHANNEL_HANGUP_COMPLETE",
                        ("Hangup-Cause", hungUp.Cause),
                        ("variable_sip_hangup_disposition", disposition),
                        ("Caller-Channel-Created-Time", Microseconds(hungUp.CreatedAt)),
                        ("Caller-Channel-Answered-Time", hungUp.AnsweredAt is { } answered ? Microseconds(answered) : "0"),
                        ("variable_billsec", hungUp.BillSeconds.ToString(CultureInfo.InvariantCulture)),
                        ("variable_duration", hungUp.DurationSeconds.ToString(CultureInfo.InvariantCulture))), null);
                }
                if (_pendingJobs.TryRemove(e.LegId, out var failedJob)) yield return Job(failedJob, $"-ERR {hungUp.Cause}\n");
                break;
            case ExtensionRegistered registered:
                yield return (Custom("sofia::register", ("profile-name", _options.SofiaProfile), ("from-user", registered.Extension),
                    ("from-host", registered.Domain), ("contact", registered.Contact)), null);
                break;
            case ExtensionUnregistered unregistered:
                yield return (Custom("sofia::unregister", ("profile-name", _options.SofiaProfile), ("from-user", unregistered.Extension),
                    ("from-host", unregistered.Domain)), null);
                break;
            case GatewayStateChanged gateway:
                yield return (Custom("sofia::gateway_state", ("Gateway", gateway.Gateway), ("State", gateway.Up ? "NOREG" : "DOWN"),
                    ("Ping-Status", gateway.Up ? "UP" : "DOWN")), null);
                break;
            case ConferenceMemberJoined joined:
                yield return (Custom("conference::maintenance", ("Action", "add-member"), ("Conference-Name", joined.Conference), ("Member-ID", joined.MemberId)), null);
                break;
            case ConferenceMemberLeft left:
                yield return (Custom("conference::maintenance", ("Action", "del-member"), ("Conference-Name", left.Conference), ("Member-ID", left.MemberId)), null);
                break;
        }
    }

    private (Dictionary<string, string>, string?) Job(string job, string result) =>
        (new Dictionary<string, string>
        {
            ["Event-Name"] = "BACKGROUND_JOB",
            ["Job-UUID"] = job,
            ["Job-Command"] = "originate",
            ["Event-Date-Timestamp"] = Microseconds(_network.Now),
        }, result);

    private async Task BackgroundJobAsync(string job, string result)
    {
        if (Server is null) return;
        var (headers, body) = Job(job, result);
        await Server.BroadcastEventAsync(headers, body);
    }

    // ---- wire formats -------------------------------------------------------------------------------------------

    private static Dictionary<string, string> ParseVariables(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        var parts = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == ',')
            {
                current.Append(',');
                i++;
                continue;
            }
            if (text[i] == ',')
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(text[i]);
        }
        parts.Add(current.ToString());
        foreach (var part in parts.Where(p => p.Length > 0))
        {
            var pair = part.Split('=', 2);
            variables[pair[0]] = pair[1].Trim('\'');
        }
        return variables;
    }

    private static Endpoint ParseEndpoint(string dial)
    {
        if (dial.StartsWith("user/", StringComparison.Ordinal))
        {
            var user = dial["user/".Length..].Split('@');
            return new ExtensionEndpoint(user[0], user[1]);
        }
        if (dial.StartsWith("sofia/gateway/", StringComparison.Ordinal))
        {
            var parts = dial["sofia/gateway/".Length..].Split('/', 2);
            return new PstnEndpoint(parts[1], parts[0]);
        }
        throw new SwitchCommandException("originate", $"unsupported dial string {dial}");
    }

    private static string CallState(LegState state) => state switch
    {
        LegState.Held => "HELD",
        LegState.Answered => "ACTIVE",
        LegState.EarlyMedia => "EARLY",
        LegState.Hungup => "HANGUP",
        _ => "RINGING",
    };

    private static string Microseconds(DateTimeOffset time) =>
        ((time - DateTimeOffset.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture);
}
