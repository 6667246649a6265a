using System.Globalization;
using System.Text;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// The exact FreeSWITCH command text for each <see cref="ISwitch"/> operation, in one place so the mapping can be read
/// (and tested) as a table. Every value is validated by <see cref="CommandArgument"/> before it is spliced in.
/// </summary>
/// <remarks>
/// Moves of a leg into an application (conference, eavesdrop, three-way, blind transfer) use <c>uuid_transfer ... inline</c>
/// with the <c>m:^:</c> form of the inline dialplan, so that dial strings may contain commas. What happens when the
/// application ends follows the ISwitch contract: a kicked conference member, and a supervisor whose target hung up, run
/// out of dialplan and are hung up; a transferred leg whose new destination failed is parked for the control plane.
/// </remarks>
internal sealed class FreeSwitchCommandBuilder(FreeSwitchOptions options)
{
    /// <summary>The channel variable play_and_get_digits stores its result in (not cc_*, so it is not echoed in
    /// every event's Variables).</summary>
    public const string DigitsVariable = "callcenter_digits";

    public string Originate(OriginateRequest request, string? fallbackCallerId = null)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("origination_uuid", CommandArgument.Token(request.LegId, "leg id")),
            new(ChannelVariables.Call, request.CallId),
        };
        var callerId = string.IsNullOrEmpty(request.CallerIdNumber) ? fallbackCallerId : request.CallerIdNumber;
        if (!string.IsNullOrEmpty(callerId)) variables.Add(new("origination_caller_id_number", CommandArgument.Number(callerId, "caller id number")));
        if (!string.IsNullOrEmpty(request.CallerIdName)) variables.Add(new("origination_caller_id_name", request.CallerIdName));
        var ring = request.RingTimeout ?? options.DefaultRingTimeout;
        variables.Add(new("originate_timeout", Seconds(ring)));
        // Without this, originate counts early media as success and the ring timeout stops applying.
        variables.Add(new("ignore_early_media", "true"));
        // A leg whose partner is moved elsewhere stays up (parked) for the control plane to decide; when the partner
        // hangs up instead, the driver ends this leg itself (see FreeSwitchEventTranslator, CHANNEL_HANGUP).
        variables.Add(new("park_after_bridge", "true"));
        // mod_sofia turns this into Call-Info answer-after=0 (and the Alert-Info variants phones look for).
        if (request.AutoAnswer) variables.Add(new("sip_auto_answer", "true"));
        foreach (var (name, value) in request.Variables ?? SwitchEvent.EmptyVariables)
        {
            if (name == ChannelVariables.Call) continue;
            variables.Add(new(name, value));
        }
        return $"originate {DialString(variables, request.Destination)} &park()";
    }

    public string Answer(string legId) => $"uuid_answer {Leg(legId)}";

    public string Bridge(string legId, string otherLegId) => $"uuid_bridge {Leg(legId)} {Leg(otherLegId)}";

    public string Park(string legId) => $"uuid_park {Leg(legId)}";

    public string Hold(string legId) => $"uuid_hold {Leg(legId)}";

    public string Unhold(string legId) => $"uuid_hold off {Leg(legId)}";

    /// <summary>Blind transfer: the leg bridges to the new destination, whose leg carries the call's cc_* variables so
    /// its events route to the same call. Once that conversation ends the leg hangs up with it; if the destination
    /// cannot be reached the leg is parked.</summary>
    public string Transfer(string legId, Endpoint destination, IReadOnlyDictionary<string, string> callVariables)
    {
        var variables = callVariables.Where(v => v.Key != ChannelVariables.Role).ToList();
        // uuid_transfer splits its arguments at spaces and this dial string is not quoted.
        if (variables.FirstOrDefault(v => v.Value.Any(char.IsWhiteSpace)) is { Key: not null } spaced)
        {
            throw new ArgumentException($"variable {spaced.Key} contains whitespace and cannot be carried through a transfer", nameof(callVariables));
        }
        return Inline(legId, "set:hangup_after_bridge=true", $"bridge:{DialString(variables, destination)}", "park");
    }

    /// <summary><c>uuid_setvar_multi</c> takes "a=1;b=2" as one space-free argument; a variable with an empty value is
    /// removed with its own <c>uuid_setvar UUID NAME</c> (no value means unset).</summary>
    public IReadOnlyList<string> SetVariables(string legId, IReadOnlyDictionary<string, string> variables)
    {
        var commands = new List<string>();
        var assignments = new List<string>();
        foreach (var (name, value) in variables)
        {
            CommandArgument.VariableName(name);
            if (string.IsNullOrEmpty(value))
            {
                commands.Add($"uuid_setvar {Leg(legId)} {name}");
                continue;
            }
            if (value.Contains(';')) throw new ArgumentException($"value of variable {name} must not contain ';'", nameof(variables));
            assignments.Add($"{name}={CommandArgument.Word(value, $"value of variable {name}")}");
        }
        if (assignments.Count > 0) commands.Insert(0, $"uuid_setvar_multi {Leg(legId)} {string.Join(';', assignments)}");
        return commands;
    }

    public string Hangup(string legId, string cause) => $"uuid_kill {Leg(legId)} {CommandArgument.Token(cause, "hang-up cause")}";

    public string Play(string legId, string path, bool mixed, bool loop) => mixed
        ? $"uuid_displace {Leg(legId)} start {path} 0 {(loop ? "loopmux" : "mux")}"
        : $"uuid_broadcast {Leg(legId)} {(loop ? "endless_playback::" : "")}{path} aleg";

    public string StopBroadcast(string legId) => $"uuid_break {Leg(legId)} all";

    public string StopDisplace(string legId, string path) => $"uuid_displace {Leg(legId)} stop {path}";

    /// <summary>play_and_get_digits is run through <c>sendmsg</c> rather than <c>uuid_broadcast app::args</c> because
    /// uuid_broadcast splits its argument at spaces and play_and_get_digits needs nine space-separated arguments.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CollectDigits(DigitCollection collection, string eventUuid)
    {
        if (collection.MinDigits < 0 || collection.MaxDigits < Math.Max(1, collection.MinDigits) || collection.Tries < 1)
        {
            throw new ArgumentException("digit collection needs 0 <= MinDigits <= MaxDigits, MaxDigits >= 1 and Tries >= 1", nameof(collection));
        }
        var prompt = collection.Prompt is null ? "silence_stream://250" : PromptPath(collection.Prompt);
        var invalid = collection.InvalidPrompt is null ? "silence_stream://250" : PromptPath(collection.InvalidPrompt);
        var terminators = string.IsNullOrEmpty(collection.Terminators) ? "none" : CommandArgument.SpaceFree(collection.Terminators, "terminators");
        var timeout = (long)Math.Ceiling((collection.Timeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds);
        var regex = CommandArgument.SpaceFree(collection.ValidDigitsRegex, "digit pattern");
        var arguments = string.Join(' ',
            collection.MinDigits.ToString(CultureInfo.InvariantCulture),
            collection.MaxDigits.ToString(CultureInfo.InvariantCulture),
            collection.Tries.ToString(CultureInfo.InvariantCulture),
            timeout.ToString(CultureInfo.InvariantCulture),
            terminators, prompt, invalid, DigitsVariable, regex);
        return
        [
            new("call-command", "execute"),
            new("execute-app-name", "play_and_get_digits"),
            new("execute-app-arg", arguments),
            new("Event-UUID", CommandArgument.Token(eventUuid, "event uuid")),
        ];
    }

    public string RecordStart(string legId, string blobKey) => $"uuid_record {Leg(legId)} start {RecordingPath(blobKey)}";

    public string RecordStop(string legId, string blobKey) => $"uuid_record {Leg(legId)} stop {RecordingPath(blobKey)}";

    public string ConferenceJoin(string conference, string legId, bool muted, bool moderator)
    {
        var flags = new List<string>();
        if (muted) flags.Add("mute");
        if (moderator) flags.Add("moderator");
        var target = $"{CommandArgument.ConferenceName(conference)}@{CommandArgument.Token(options.ConferenceProfile, "conference profile")}";
        if (flags.Count > 0) target += $"+flags{{{string.Join('|', flags)}}}";
        return Inline(legId, $"conference:{target}");
    }

    public string ConferenceMember(string conference, string verb, string memberId) =>
        $"conference {CommandArgument.ConferenceName(conference)} {verb} {CommandArgument.Token(memberId, "member id")}";

    public string ConferenceList(string conference) => $"conference {CommandArgument.ConferenceName(conference)} json_list";

    public string ConferenceDestroy(string conference) => $"conference {CommandArgument.ConferenceName(conference)} hup all";

    /// <summary>The eavesdrop variables are read from the listener's channel: whisper_aleg lets the target (the
    /// eavesdropped leg) hear the listener, whisper_bleg its partner; both make a barge. DTMF mode switching is turned
    /// off so a supervisor's key press cannot change the mode the control plane chose.</summary>
    public string Eavesdrop(string listenerLegId, string targetLegId, EavesdropMode mode)
    {
        var (aleg, bleg) = mode switch
        {
            EavesdropMode.Listen => (false, false),
            EavesdropMode.Whisper => (true, false),
            EavesdropMode.Barge => (true, true),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown eavesdrop mode"),
        };
        return Inline(listenerLegId,
            "set:eavesdrop_enable_dtmf=false",
            $"set:eavesdrop_whisper_aleg={Bool(aleg)}",
            $"set:eavesdrop_whisper_bleg={Bool(bleg)}",
            $"eavesdrop:{Leg(targetLegId)}");
    }

    public string ThreeWay(string thirdLegId, string targetLegId) => Inline(thirdLegId, $"three_way:{Leg(targetLegId)}");

    public const string ShowChannels = "show channels as json";

    public string Dump(string legId) => $"uuid_dump {Leg(legId)} json";

    public string FlushRegistration(string extension, string domain) =>
        $"sofia profile {CommandArgument.Token(options.SofiaProfile, "sofia profile")} flush_inbound_reg {CommandArgument.Number(extension, "extension")}@{CommandArgument.Domain(domain, "domain")} reboot";

    public string RescanGateways() => $"sofia profile {CommandArgument.Token(options.GatewayProfile, "gateway profile")} rescan";

    public string KillGateway(string gateway) =>
        $"sofia profile {CommandArgument.Token(options.GatewayProfile, "gateway profile")} killgw {CommandArgument.Token(gateway, "gateway")}";

    /// <summary>Where FreeSWITCH writes the recording for a blob key.</summary>
    public string RecordingPath(string blobKey) =>
        $"{CommandArgument.Word(options.RecordingDirectory.TrimEnd('/'), "recording directory")}/{CommandArgument.BlobKey(blobKey)}";

    /// <summary>Prompts given as absolute paths or URLs (tone_stream://, http_cache://, ...) pass through; relative names
    /// are placed under <see cref="FreeSwitchOptions.PromptDirectory"/> if one is set.</summary>
    public string PromptPath(string prompt)
    {
        CommandArgument.Word(prompt, "prompt");
        if (prompt.StartsWith('/') || prompt.Contains("://", StringComparison.Ordinal) || string.IsNullOrEmpty(options.PromptDirectory))
        {
            return prompt;
        }
        return $"{CommandArgument.Word(options.PromptDirectory.TrimEnd('/'), "prompt directory")}/{prompt}";
    }

    public string DialTarget(Endpoint destination) => destination switch
    {
        ExtensionEndpoint e => $"user/{CommandArgument.Number(e.Extension, "extension")}@{CommandArgument.Domain(DomainOf(e), "domain")}",
        PstnEndpoint p => $"sofia/gateway/{CommandArgument.Token(p.Gateway, "gateway")}/{CommandArgument.Number(p.DialPrefix + p.Number, "number")}",
        _ => throw new ArgumentException($"unsupported endpoint {destination.GetType().Name}", nameof(destination)),
    };

    public string DomainOf(ExtensionEndpoint endpoint) =>
        string.IsNullOrEmpty(endpoint.Domain) ? options.DefaultDomain : endpoint.Domain;

    private string DialString(IEnumerable<KeyValuePair<string, string>> variables, Endpoint destination)
    {
        var text = new StringBuilder("{");
        var first = true;
        foreach (var (name, value) in variables)
        {
            if (!first) text.Append(',');
            first = false;
            text.Append(CommandArgument.VariableName(name)).Append('=').Append(CommandArgument.VariableValue(value, name));
        }
        return text.Append('}').Append(DialTarget(destination)).ToString();
    }

    private static string Inline(string legId, params string[] applications) =>
        $"uuid_transfer {Leg(legId)} m:^:{string.Join('^', applications)} inline";

    private static string Leg(string legId) => CommandArgument.Token(legId, "leg id");

    private static string Seconds(TimeSpan span) =>
        Math.Max(1, (long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
