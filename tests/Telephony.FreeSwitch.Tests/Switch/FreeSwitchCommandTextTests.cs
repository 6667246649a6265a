namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>The exact text the driver puts on the wire for every ISwitch command.</summary>
public sealed class FreeSwitchCommandTextTests : IAsyncLifetime
{
    private const string Leg = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    private const string Other = "6fa459ea-ee8a-3ca4-894e-db77e160355e";
    private SwitchHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SwitchHarness.StartAsync(
        script: fake => fake.OnApi("uuid_dump", $$"""{"Event-Name":"CHANNEL_DATA","Unique-ID":"{{Leg}}","variable_cc_call":"call-7","variable_cc_tenant":"t1","variable_cc_role":"customer"}"""),
        configure: o => o.PromptDirectory = "/usr/share/freeswitch/sounds/cc");

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Originate_to_an_extension_is_a_bgapi_with_our_leg_id_and_variables()
    {
        var variables = new Dictionary<string, string> { ["cc_tenant"] = "t1", ["cc_role"] = "agent", ["cc_note"] = "a, b" };
        var sent = await Sent(s => s.OriginateAsync(new OriginateRequest(Leg, "call-7", new ExtensionEndpoint("1001", "tenant-a.example"), "4000", "Queue One", TimeSpan.FromSeconds(25), variables)));

        var bgapi = Assert.Single(sent);
        Assert.Equal("bgapi", bgapi.Verb);
        Assert.Equal(
            $"originate {{origination_uuid={Leg},cc_call=call-7,origination_caller_id_number=4000,origination_caller_id_name='Queue One',originate_timeout=25,ignore_early_media=true,park_after_bridge=true,cc_tenant=t1,cc_role=agent,cc_note='a\\, b'}}user/1001@tenant-a.example &park()",
            bgapi.ApiCommand);
        Assert.True(Guid.TryParse(bgapi.Headers["Job-UUID"], out _));
    }

    [Fact]
    public async Task Originate_asking_for_auto_answer_sets_sip_auto_answer()
    {
        var sent = await Sent(s => s.OriginateAsync(new OriginateRequest(Leg, "call-7", new ExtensionEndpoint("1001", "tenant-a.example"), "4000", AutoAnswer: true)));

        Assert.Equal(
            $"originate {{origination_uuid={Leg},cc_call=call-7,origination_caller_id_number=4000,originate_timeout=60,ignore_early_media=true,park_after_bridge=true,sip_auto_answer=true}}user/1001@tenant-a.example &park()",
            Assert.Single(sent).ApiCommand);
    }

    [Fact]
    public async Task Originate_through_a_gateway_dials_the_prefix_and_uses_the_default_ring_time()
    {
        var sent = await Sent(s => s.OriginateAsync(new OriginateRequest(Leg, "call-7", new PstnEndpoint("5550100", "carrier-1", "9"), "02161234567")));

        Assert.Equal(
            $"originate {{origination_uuid={Leg},cc_call=call-7,origination_caller_id_number=02161234567,originate_timeout=60,ignore_early_media=true,park_after_bridge=true}}sofia/gateway/carrier-1/95550100 &park()",
            Assert.Single(sent).ApiCommand);
    }

    [Theory]
    [InlineData("answer", $"uuid_answer {Leg}")]
    [InlineData("bridge", $"uuid_bridge {Leg} {Other}")]
    [InlineData("park", $"uuid_park {Leg}")]
    [InlineData("hold", $"uuid_hold {Leg}")]
    [InlineData("unhold", $"uuid_hold off {Leg}")]
    [InlineData("hangup", $"uuid_kill {Leg} NORMAL_CLEARING")]
    [InlineData("hangup-cause", $"uuid_kill {Leg} USER_BUSY")]
    [InlineData("play", $"uuid_broadcast {Leg} /usr/share/freeswitch/sounds/cc/ivr/welcome.wav aleg")]
    [InlineData("play-loop", $"uuid_broadcast {Leg} endless_playback::/usr/share/freeswitch/sounds/cc/moh/queue.wav aleg")]
    [InlineData("play-absolute", $"uuid_broadcast {Leg} /tmp/x.wav aleg")]
    [InlineData("play-url", $"uuid_broadcast {Leg} http_cache://https://prompts.example/a.wav aleg")]
    [InlineData("play-mixed", $"uuid_displace {Leg} start /usr/share/freeswitch/sounds/cc/beep.wav 0 mux")]
    [InlineData("play-mixed-loop", $"uuid_displace {Leg} start /usr/share/freeswitch/sounds/cc/beep.wav 0 loopmux")]
    [InlineData("stop", $"uuid_break {Leg} all")]
    [InlineData("record", $"uuid_record {Leg} start /var/lib/freeswitch/recordings/t1/2026/01/call-7.wav")]
    [InlineData("record-stop", $"uuid_record {Leg} stop /var/lib/freeswitch/recordings/t1/2026/01/call-7.wav")]
    [InlineData("join", $"uuid_transfer {Leg} m:^:conference:t1-room-1@default inline")]
    [InlineData("join-flags", $"uuid_transfer {Leg} m:^:conference:t1-room-1@default+flags{{mute|moderator}} inline")]
    [InlineData("destroy", "conference t1-room-1 hup all")]
    [InlineData("list", "conference t1-room-1 json_list")]
    [InlineData("listen", $"uuid_transfer {Leg} m:^:set:eavesdrop_enable_dtmf=false^set:eavesdrop_whisper_aleg=false^set:eavesdrop_whisper_bleg=false^eavesdrop:{Other} inline")]
    [InlineData("whisper", $"uuid_transfer {Leg} m:^:set:eavesdrop_enable_dtmf=false^set:eavesdrop_whisper_aleg=true^set:eavesdrop_whisper_bleg=false^eavesdrop:{Other} inline")]
    [InlineData("barge", $"uuid_transfer {Leg} m:^:set:eavesdrop_enable_dtmf=false^set:eavesdrop_whisper_aleg=true^set:eavesdrop_whisper_bleg=true^eavesdrop:{Other} inline")]
    [InlineData("three-way", $"uuid_transfer {Leg} m:^:three_way:{Other} inline")]
    [InlineData("set-variables", $"uuid_setvar_multi {Leg} cc_owner=seat-9;cc_role=agent")]
    [InlineData("list-legs", "show channels as json")]
    [InlineData("remove-extension", "sofia profile internal flush_inbound_reg 1001@tenant-a.example reboot")]
    [InlineData("remove-gateway", "sofia profile external killgw carrier-1")]
    [InlineData("provision-gateway", "sofia profile external rescan")]
    public async Task Each_command_maps_to_one_api_command(string operation, string expected)
    {
        var sent = await Sent(s => operation switch
        {
            "answer" => s.AnswerAsync(Leg),
            "bridge" => s.BridgeAsync(Leg, Other),
            "park" => s.ParkAsync(Leg),
            "hold" => s.HoldAsync(Leg),
            "unhold" => s.UnholdAsync(Leg),
            "hangup" => s.HangupAsync(Leg),
            "hangup-cause" => s.HangupAsync(Leg, HangupCauses.UserBusy),
            "play" => s.PlayAsync(Leg, "ivr/welcome.wav"),
            "play-loop" => s.PlayAsync(Leg, "moh/queue.wav", loop: true),
            "play-absolute" => s.PlayAsync(Leg, "/tmp/x.wav"),
            "play-url" => s.PlayAsync(Leg, "http_cache://https://prompts.example/a.wav"),
            "play-mixed" => s.PlayAsync(Leg, "beep.wav", mixed: true),
            "play-mixed-loop" => s.PlayAsync(Leg, "beep.wav", mixed: true, loop: true),
            "stop" => s.StopPlaybackAsync(Leg),
            "record" => s.StartRecordingAsync(Leg, "t1/2026/01/call-7.wav"),
            "record-stop" => s.StopRecordingAsync(Leg, "t1/2026/01/call-7.wav"),
            "join" => s.ConferenceJoinAsync("t1-room-1", Leg),
            "join-flags" => s.ConferenceJoinAsync("t1-room-1", Leg, muted: true, moderator: true),
            "destroy" => s.ConferenceDestroyAsync("t1-room-1"),
            "list" => s.ConferenceListAsync("t1-room-1"),
            "listen" => s.EavesdropAsync(Leg, Other, EavesdropMode.Listen),
            "whisper" => s.EavesdropAsync(Leg, Other, EavesdropMode.Whisper),
            "barge" => s.EavesdropAsync(Leg, Other, EavesdropMode.Barge),
            "three-way" => s.ThreeWayAsync(Leg, Other),
            "set-variables" => s.SetVariablesAsync(Leg, new Dictionary<string, string> { ["cc_owner"] = "seat-9", ["cc_role"] = "agent" }),
            "list-legs" => s.ListLegsAsync(),
            "remove-extension" => s.RemoveExtensionAsync("1001", "tenant-a.example"),
            "remove-gateway" => s.RemoveGatewayAsync("carrier-1"),
            "provision-gateway" => s.ProvisionGatewayAsync(new GatewayDefinition("carrier-1", "sip.carrier.example:5060")),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        });

        Assert.Equal(expected, Assert.Single(sent).ApiCommand);
        Assert.Equal("api", sent[0].Verb);
    }

    [Fact]
    public async Task Stopping_a_mixed_prompt_stops_the_displace_and_any_broadcast()
    {
        await _harness.Switch.PlayAsync(Leg, "beep.wav", mixed: true);
        var sent = await Sent(s => s.StopPlaybackAsync(Leg));

        Assert.Equal([$"uuid_displace {Leg} stop /usr/share/freeswitch/sounds/cc/beep.wav", $"uuid_break {Leg} all"], sent.Select(c => c.ApiCommand));
        var stopped = await _harness.WaitForAsync<PlaybackFinished>();
        Assert.Equal("beep.wav", stopped.Prompt);
        Assert.False(stopped.Completed);
    }

    [Fact]
    public async Task Removing_variables_unsets_them_one_by_one()
    {
        var sent = await Sent(s => s.SetVariablesAsync(Leg, new Dictionary<string, string> { ["cc_owner"] = "", ["cc_role"] = "agent" }));
        Assert.Equal([$"uuid_setvar_multi {Leg} cc_role=agent", $"uuid_setvar {Leg} cc_owner"], sent.Select(c => c.ApiCommand));
    }

    [Fact]
    public async Task Digit_collection_executes_play_and_get_digits_through_sendmsg()
    {
        var sent = await Sent(s => s.CollectDigitsAsync(Leg, new DigitCollection("ivr/enter-account.wav", MinDigits: 4, MaxDigits: 8, Timeout: TimeSpan.FromSeconds(7), Terminators: "#", Tries: 3, InvalidPrompt: "ivr/invalid.wav", ValidDigitsRegex: @"\d{4,8}")));

        var message = Assert.Single(sent);
        Assert.Equal($"sendmsg {Leg}", message.Text);
        Assert.Equal("execute", message.Headers["call-command"]);
        Assert.Equal("play_and_get_digits", message.Headers["execute-app-name"]);
        Assert.Equal(@"4 8 3 7000 # /usr/share/freeswitch/sounds/cc/ivr/enter-account.wav /usr/share/freeswitch/sounds/cc/ivr/invalid.wav callcenter_digits \d{4,8}",
            message.Headers["execute-app-arg"]);
        Assert.True(Guid.TryParse(message.Headers["Event-UUID"], out _));
    }

    [Fact]
    public async Task Blind_transfer_bridges_to_the_destination_carrying_the_call_variables_and_releases_the_partner()
    {
        await _harness.Switch.BridgeAsync(Leg, Other);
        var sent = await Sent(s => s.TransferAsync(Leg, new ExtensionEndpoint("1002", "tenant-a.example")));

        Assert.Equal(
            [
                $"uuid_dump {Leg} json",
                $"uuid_transfer {Leg} m:^:set:hangup_after_bridge=true^bridge:{{cc_call=call-7,cc_tenant=t1}}user/1002@tenant-a.example^park inline",
                $"uuid_kill {Other} NORMAL_CLEARING",
            ],
            sent.Select(c => c.ApiCommand));
    }

    [Fact]
    public async Task Kicking_and_muting_find_the_member_id_from_the_conference_list()
    {
        _harness.Behaviour.OnApi("conference t1-room-1 json_list", $$"""
            [{"conference_name":"t1-room-1","member_count":2,"members":[
              {"type":"caller","id":7,"uuid":"{{Leg}}","flags":{"can_hear":true,"can_speak":false,"is_moderator":false},"join_time":12},
              {"type":"caller","id":8,"uuid":"{{Other}}","flags":{"can_hear":true,"can_speak":true,"is_moderator":true},"join_time":30}]}]
            """);
        _harness.Behaviour.OnApi("conference t1-room-1 kick", "OK kicked 7\n");

        var sent = await Sent(s => s.ConferenceKickAsync("t1-room-1", Leg));
        Assert.Equal(["conference t1-room-1 json_list", "conference t1-room-1 kick 7"], sent.Select(c => c.ApiCommand));

        sent = await Sent(s => s.ConferenceMuteAsync("t1-room-1", Other, muted: true));
        Assert.Equal("conference t1-room-1 mute 8", sent[^1].ApiCommand);
        sent = await Sent(s => s.ConferenceMuteAsync("t1-room-1", Other, muted: false));
        Assert.Equal("conference t1-room-1 unmute 8", sent[^1].ApiCommand);

        var members = await _harness.Switch.ConferenceListAsync("t1-room-1");
        Assert.Equal([(Leg, "7", true, false), (Other, "8", false, true)], members.Select(m => (m.LegId, m.MemberId, m.Muted, m.Moderator)));
        Assert.True(members[1].JoinedAt < members[0].JoinedAt);
    }

    [Fact]
    public async Task Switch_refusals_become_SwitchCommandException_with_the_reason()
    {
        _harness.Behaviour.OnApi("uuid_answer", "-ERR No such channel!\n");
        _harness.Behaviour.OnApi("conference t1-room-1 kick", "Non-Existent ID 7\n");
        _harness.Behaviour.OnApi("conference gone json_list", "-ERR Conference gone not found\n");
        _harness.Behaviour.SendMsg = _ => new FakeReply.Command($"-ERR invalid session id [{Leg}]");

        var refused = await Assert.ThrowsAsync<SwitchCommandException>(() => _harness.Switch.AnswerAsync(Leg));
        Assert.Equal($"uuid_answer {Leg}", refused.Command);
        Assert.Equal("-ERR No such channel!", refused.Reason);
        await Assert.ThrowsAsync<SwitchCommandException>(() => _harness.Switch.CollectDigitsAsync(Leg, new DigitCollection(null)));
        Assert.Empty(await _harness.Switch.ConferenceListAsync("gone"));
        var notMember = await Assert.ThrowsAsync<SwitchCommandException>(() => _harness.Switch.ConferenceKickAsync("gone", Leg));
        Assert.Contains("is not in conference gone", notMember.Reason);
    }

    [Theory]
    [InlineData("bad leg")]
    [InlineData("leg\nexit")]
    [InlineData("leg'")]
    [InlineData("")]
    public async Task Values_that_could_rewrite_a_command_are_refused_before_sending(string legId)
    {
        var before = _harness.Server.Commands.Count;
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Switch.AnswerAsync(legId));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Switch.PlayAsync(Leg, "a b.wav"));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Switch.StartRecordingAsync(Leg, "../etc/passwd"));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Switch.ConferenceJoinAsync("room@evil+flags{x}", Leg));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Switch.OriginateAsync(new OriginateRequest(Leg, "c", new ExtensionEndpoint("1000", "d.example"), "1",
            Variables: new Dictionary<string, string> { ["cc_x"] = "}sofia/gateway/evil/1" })));
        Assert.Equal(before, _harness.Server.Commands.Count);
    }

    private Task<IReadOnlyList<FakeCommand>> Sent(Func<ISwitch, Task> act) => _harness.CommandsOfAsync(act);
}
