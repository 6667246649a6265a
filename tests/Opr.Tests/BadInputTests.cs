using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>One running system for all bad-input cases: none of them may change anything.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public OprHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await OprHarness.StartAsync();
        await Harness.GroupAsync("912", "52300112");
        await Harness.SeatAsync("6", "52300001", "912", "001");
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>Bad input for every msgType gets {"status":"failed","reason":…} and changes nothing.</summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private readonly OprHarness _h = fixture.Harness;

    public static TheoryData<string, string> Requests() => new()
    {
        { """{"msgType":"seatgroup_config","seatGroupNo":"913"}""", "missing_field:groupPhone" },
        { """{"msgType":"seatgroup_config","groupPhone":"52300113"}""", "missing_field:seatGroupNo" },
        { """{"msgType":"seatgroup_config","groupPhone":"52300113","seatGroupNo":"../912"}""", "invalid_field:seatGroupNo" },
        { """{"msgType":"seatgroup_config","groupPhone":"523 00113","seatGroupNo":"913"}""", "invalid_field:groupPhone" },
        { """{"msgType":"seatgroup_config","groupPhone":"52300113","seatGroupNo":"913","timeout":"soon"}""", "invalid_field:timeout" },
        { """{"msgType":"seat_register","seatPhone":"52300009","seatGroupNo":"912","pwd":"1"}""", "missing_field:seatId" },
        { """{"msgType":"seat_register","seatId":"9","seatGroupNo":"912","pwd":"1"}""", "missing_field:seatPhone" },
        { """{"msgType":"seat_register","seatId":"9","seatPhone":"52300009","pwd":"1"}""", "missing_field:seatGroupNo" },
        { """{"msgType":"seat_register","seatId":"9","seatPhone":"52300009","seatGroupNo":"912"}""", "missing_field:pwd" },
        { """{"msgType":"seat_register","seatId":"9","seatPhone":"52300009","seatGroupNo":"999","pwd":"1"}""", "no_such_group" },
        { """{"msgType":"seat_register","seatId":"9","seatPhone":"52300001","seatGroupNo":"912","pwd":"1"}""", "seat_phone_in_use" },
        { """{"msgType":"opr_login","seatId":"6"}""", "missing_field:operatorId" },
        { """{"msgType":"opr_login","operatorId":"001"}""", "missing_field:seatId" },
        { """{"msgType":"opr_login","seatId":"6","operatorId":"002"}""", "seat_in_use" },
        { """{"msgType":"opr_login","seatId":"99","operatorId":"002"}""", "no_such_seat" },
        { """{"msgType":"opr_login","seatId":"6","operatorId":"001","callbackUrl":"ftp://client/"}""", "invalid_field:callbackUrl" },
        { """{"msgType":"opr_logout"}""", "missing_field:seatId" },
        { """{"msgType":"opr_logout","seatId":"99"}""", "not_logined" },
        { """{"msgType":"pickup_call","seatId":"6"}""", "missing_field:boardIndex" },
        { """{"msgType":"pickup_call","seatId":"6","boardIndex":"0"}""", "invalid_field:boardIndex" },
        { """{"msgType":"pickup_call","seatId":"6","boardIndex":"one"}""", "invalid_field:boardIndex" },
        { """{"msgType":"pickup_call","seatId":"6","boardIndex":"1"}""", "no_call" },
        { """{"msgType":"calla","seatId":"6","boardIndex":"1"}""", "missing_field:phone" },
        { """{"msgType":"callb","seatId":"6","boardIndex":"1","phone":"138 0000"}""", "invalid_field:phone" },
        { """{"msgType":"callb","seatId":"6","phone":"8"}""", "missing_field:boardIndex" },
        { """{"msgType":"sidea","seatId":"6"}""", "missing_field:boardIndex" },
        { """{"msgType":"sideb","boardIndex":"1"}""", "missing_field:seatId" },
        { """{"msgType":"third","seatId":"6","boardIndex":"15"}""", "invalid_field:boardIndex" },
        { """{"msgType":"ab","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"monitor","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"inserta","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"insertb","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"splita","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"splitb","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"releasea","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"releaseb","seatId":"6","boardIndex":"1"}""", "no_party" },
        { """{"msgType":"clean_board","seatId":"6"}""", "missing_field:boardIndex" },
        { """{"msgType":"sidea","seatId":"7","boardIndex":"1"}""", "not_logined" },
        { """{"msgType":"board_switch","seatId":"6","nextBoardIndex":"2"}""", "missing_field:curBoardIndex" },
        { """{"msgType":"board_switch","seatId":"6","curBoardIndex":"1"}""", "missing_field:nextBoardIndex" },
        { """{"msgType":"cross_board","seatId":"6","curBoardIndex":"1","nextBoardIndex":"2"}""", "missing_field:side" },
        { """{"msgType":"cross_board","seatId":"6","side":"sidec","curBoardIndex":"1","nextBoardIndex":"2"}""", "invalid_field:side" },
        { """{"msgType":"cross_board","seatId":"6","side":"sidea","curBoardIndex":"1","nextBoardIndex":"2"}""", "no_party" },
        { """{"msgType":"transfer_opr","seatId":"6","side":"sidea","boardIndex":"1"}""", "missing_field:targetSeat" },
        { """{"msgType":"transfer_opr","seatId":"6","boardIndex":"1","targetSeat":"2"}""", "missing_field:side" },
        { """{"msgType":"talk_to_opr","operator2Id":"002"}""", "missing_field:operator1Id" },
        { """{"msgType":"talk_to_opr","operator1Id":"001"}""", "missing_field:operator2Id" },
        { """{"msgType":"accept","operator1Id":"001"}""", "missing_field:operator2Id" },
        { """{"msgType":"reject","operator2Id":"001"}""", "no_talk" },
        { """{"msgType":"hangup_to_opr"}""", "missing_field:operator1Id" },
        { """{"msgType":"message","source":"001","target":"all"}""", "missing_field:msg" },
        { """{"msgType":"message","target":"all","msg":"x"}""", "missing_field:source" },
        { """{"msgType":"message","source":"001","msg":"x"}""", "missing_field:target" },
        { """{"msgType":"queryhistorymsg","operatorId":"001"}""", "missing_field:number" },
        { """{"msgType":"queryhistorymsg","operatorId":"001","number":"many"}""", "invalid_field:number" },
        { """{"msgType":"queryhistorymsg","number":"5"}""", "missing_field:operatorId" },
        { """{"msgType":"user_subscribe","seatId":"6","operatorId":"001"}""", "missing_field:phoneNumber" },
        { """{"msgType":"user_subscribe","phoneNumber":"139","operatorId":"001"}""", "missing_field:seatId" },
        { """{"msgType":"getSeatState","operatorId":"001"}""", "missing_field:seatId" },
        { """{"msgType":"getSeatState","seatId":"7","operatorId":"001"}""", "not_logined" },
        { """{"msgType":"addSipUser","passwds":["1"]}""", "missing_field:phones" },
        { """{"msgType":"addSipUser","phones":"999","passwds":["1"]}""", "invalid_field:phones" },
        { """{"msgType":"addSipUser","phones":["999","998"],"passwds":["1"]}""", "invalid_field:passwds" },
        { """{"msgType":"addSipUser","phones":["9 9"],"passwds":["1"]}""", "invalid_field:phones" },
        { """{"msgType":"handShake","seatId":"6","operatorId":"001"}""", "missing_field:boardIndex" },
        { """{"msgType":"query_phone","seatId":"6","boardIndex":"1"}""", "missing_field:phoneNumber" },
        { """{"msgType":"query_phone","seatId":"6","boardIndex":"1","phoneNumber":"8","isCall":"maybe"}""", "invalid_field:isCall" },
        { """{"msgType":"query_phone","seatId":"6","boardIndex":"1","phoneNumber":"8"}""", "no_party" },
        { """{"msgType":"no_such_thing","seatId":"6"}""", "unhandled" },
        { """{"msgType":"boardStateChange","seatId":"6"}""", "unhandled" },
        { """{"msgType":"message_arrival","seat1Id":"6"}""", "unhandled" },
        { """{"msgType":"userstate_change","seatId":"6"}""", "unhandled" },
        { """{"seatId":"6"}""", "missing_field:msgType" },
        { """{"msgType":{"nested":true}}""", "invalid_field:msgType" },
        { """{"msgType":"sidea","seatId":["6"],"boardIndex":"1"}""", "invalid_field:seatId" },
        { """{msgType:"sidea"}""", "invalid_json" },
        { """[{"msgType":"sidea"}]""", "invalid_json" },
        { "", "invalid_json" },
        { """{"msgType":"getSeatState","seatId":"6","seatId":"7"}""", "duplicate_key:seatId" },
        { """{"msgType":"sidea","seatId":"6","boardIndex":"1","boardIndex":"2"}""", "duplicate_key:boardIndex" },
        { """{"msgType":"sidea","seatId":"6","boardIndex":"1","x":{"a":1,"a":2}}""", "duplicate_key:a" },
        { """{"msgType":"sidea","seatId":"6","boardIndex":"1","x":"\ud800"}""", "invalid_json" },
        { """{"data_enc":"1234567%%%notbase64"}""", "invalid_data_enc" },
        { """{"data_enc":"abc"}""", "invalid_data_enc" },
        { $$"""{"data_enc":"abcdefg{{Base64("""{"msgType":"getSeatState","seatId":"6","seatId":"7"}""")}}"}""", "duplicate_key:seatId" },
    };

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Bad_requests_fail_with_a_clear_reason_and_change_nothing(string body, string reason)
    {
        var before = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State().ToJsonString();
        var reply = await _h.PostAsync(body);
        Assert.Equal("failed", reply.Str("status"));
        Assert.Equal(reason, reply.Str("reason"));
        Assert.Equal(2, reply.Count);
        var after = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State().ToJsonString();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_with_status_200_and_changes_nothing()
    {
        var before = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State().ToJsonString();
        byte[] body = [.. "{\"msgType\":\"sidea\",\"seatId\":\"6\",\"boardIndex\":\"1\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _h.Silo.Http.PostAsync("api", content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var reply = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("failed", reply.Str("status"));
        Assert.Equal("invalid_utf8", reply.Str("reason"));
        var after = (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" })).State().ToJsonString();
        Assert.Equal(before, after);
    }

    [Fact]
    public void Every_msgType_of_the_spec_is_covered_by_a_bad_request()
    {
        var covered = Requests()
            .Select(r => System.Text.RegularExpressions.Regex.Match((string)r[0], "\"msgType\":\"([^\"]+)\"").Groups[1].Value)
            .ToHashSet();
        var handled = new[]
        {
            "seatgroup_config", "seat_register", "opr_login", "opr_logout", "pickup_call", "calla", "callb", "sidea", "sideb", "third", "ab",
            "monitor", "inserta", "insertb", "splita", "splitb", "releasea", "releaseb", "clean_board", "board_switch", "cross_board",
            "transfer_opr", "talk_to_opr", "accept", "reject", "hangup_to_opr", "message", "queryhistorymsg", "user_subscribe",
            "getSeatState", "addSipUser", "handShake", "query_phone",
        };
        Assert.Empty(handled.Except(covered));
    }

    [Fact]
    public async Task Values_may_be_numbers_and_requests_may_come_wrapped_in_data_enc()
    {
        var numbers = await _h.PostAsync("""{"msgType":"board_switch","seatId":6,"curBoardIndex":1,"nextBoardIndex":2}""");
        Assert.Equal("ok", numbers.Str("status"));
        Assert.Equal("2", numbers.State().Active());

        var inner = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"msgType":"handShake","seatId":"6","operatorId":"001","boardIndex":"2"}"""));
        var wrapped = await _h.PostAsync($$"""{"data_enc":"abcdefg{{inner}}"}""");
        Assert.Equal("ok", wrapped.Str("status"));
        Assert.Equal("2", wrapped.Str("activeboardIndex"));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused()
    {
        var huge = $$"""{"msgType":"message","source":"001","target":"all","msg":"{{new string('x', 70_000)}}"}""";
        using var response = await _h.Silo.Http.PostAsync("api", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("failed", reply.Str("status"));
        Assert.Equal("body_too_large", reply.Str("reason"));
    }
}
