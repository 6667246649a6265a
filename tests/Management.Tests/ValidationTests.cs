using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>Every validation error of every endpoint answers the envelope with its documented code (HTTP 200, as the
/// original), and nothing is changed.</summary>
public sealed class ValidationTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string P = "/callcenter/callProject/api/";
    private const string L = "/callcenter/callLog/api/";
    private const string G = "/freeswitch/gateway/api/";

    private static readonly string[] Gateway = ["gwName=x", "registerType=1", "realm=1.2.3.4:5060", "status=1", "returnVisit=0"];

    public static TheoryData<string, string, string[], int> Cases => new()
    {
        { "POST", P + "createProject/v1", ["seats=1"], -100001 },
        { "POST", P + "createProject/v1", ["projectCode=a", "seats=x"], -100002 },
        { "POST", P + "createProject/v1", ["projectCode=a", "seats=0"], -100003 },
        { "POST", P + "createProject/v1", ["projectCode=a", "seats=1001"], -100003 },
        { "POST", P + "createProject/v1", ["projectCode=bad code", "seats=1"], -100004 },
        { "POST", P + "createProject/v1", ["projectCode=" + new string('a', 300), "seats=1"], -100004 },
        { "GET", P + "getByCertificate/v1", ["type=2"], -100001 },
        { "GET", P + "getByCertificate/v1", ["certificate=ABCDEF"], -100001 },
        { "GET", P + "getByCertificate/v1", ["certificate=xyz!", "type=2"], -100004 },
        { "GET", P + "getByCertificate/v1", ["certificate=ABCDEF", "type=two"], -100002 },
        { "GET", P + "getExtentionByProject/v1", [], -100001 },
        { "GET", P + "getExtentionByProject/v1", ["projectCode=nosuchproject"], -1000100 },
        { "POST", P + "setWorkStatus/v1", ["workStatus=1"], -100001 },
        { "POST", P + "setWorkStatus/v1", ["username=1000", "workStatus=2"], -100003 },
        { "POST", P + "setWorkStatus/v1", ["username=10 00", "workStatus=1"], -100004 },
        { "POST", P + "setWorkStatus/v1", ["username=99999", "workStatus=1"], -1000102 },
        { "POST", P + "setWorkStatusByProjectCode/v1", ["projectCode=a"], -100001 },
        { "POST", P + "setWorkStatusByProjectCode/v1", ["projectCode=a", "workStatus=-1"], -100003 },
        { "POST", P + "setExtensionStatus/v1", ["username=1000", "workStatus=1"], -100003 },
        { "POST", P + "setExtensionStatus/v1", ["workStatus=0"], -100001 },
        { "POST", P + "distributionSeat/v1", ["projectCode=a"], -100001 },
        { "POST", P + "distributionSeat/v1", ["username=1000"], -100001 },
        { "POST", P + "sendToUser/v1", ["projectCode=a"], -100001 },
        { "POST", P + "sendToUser/v1", ["projectCode=a", "content=" + new string('x', 5000)], -100004 },
        { "POST", P + "sendToUser/v1", ["projectCode=nosuchproject", "content=hi"], -1000100 },
        { "POST", P + "finishProject/v1", [], -100001 },
        { "POST", P + "finishProject/v1", ["projectCode=nosuchproject"], -1000100 },
        { "POST", P + "uploadVoiceFile/v1", ["qiniuStoreKey=a.wav"], -100001 },
        { "POST", P + "uploadVoiceFile/v1", ["voiceCode=v1"], -100001 },
        { "POST", P + "uploadVoiceFile/v1", ["voiceCode=v1", "qiniuStoreKey=../secret.wav"], -100004 },
        { "POST", P + "uploadVoiceFile/v1", ["voiceCode=v 1", "qiniuStoreKey=a.wav"], -100004 },
        { "POST", P + "uploadVoiceFile/v1", ["voiceCode=v1", "qiniuStoreKey=missing.wav"], -1000107 },
        { "POST", P + "uploadVoiceFile/v1", ["voiceCode=v1", "qiniuStoreKey=other/voices/theirs.wav"], -1000107 },
        { "GET", L + "getList/v1", ["pageSize=0"], -100007 },
        { "GET", L + "getList/v1", ["pageSize=100000"], -100007 },
        { "GET", L + "getList/v1", ["pageNum=abc"], -100007 },
        { "GET", L + "getList/v1", ["pageNum=0"], -100007 },
        { "GET", L + "getList/v1", ["queryTimeType=1", "beginTime=yesterday"], -100006 },
        { "GET", L + "getList/v1", ["queryTimeType=1", "beginTime=2026-01-05 10:00:00", "endTime=2026-01-05 09:00:00"], -100006 },
        { "GET", L + "getList/v1", ["beginTime=2026-01-05 10:00:00"], -100001 },
        { "GET", L + "getList/v1", ["queryTimeType=3"], -100003 },
        { "GET", L + "getList/v1", ["projectCode=a b"], -100004 },
        { "GET", L + "getListByResult/v1", ["callTaskCode=t", "recallLastId=0"], -100001 },
        { "GET", L + "getListByResult/v1", ["resultDetail=20", "recallLastId=0"], -100001 },
        { "GET", L + "getListByResult/v1", ["resultDetail=20", "callTaskCode=t"], -100001 },
        { "GET", L + "getListByResult/v1", ["resultDetail=abc", "callTaskCode=t", "recallLastId=0"], -100002 },
        { "GET", L + "getListByResult/v1", ["resultDetail=99", "callTaskCode=t", "recallLastId=0"], -100003 },
        { "GET", L + "getListByResult/v1", ["resultDetail=20", "callTaskCode=t", "recallLastId=x"], -100002 },
        { "POST", G + "add/v1", ["registerType=1", "realm=1.2.3.4", "status=1", "returnVisit=0"], -100001 },
        { "POST", G + "add/v1", ["gwName=x", "registerType=3", "realm=1.2.3.4", "status=1", "returnVisit=0"], -100003 },
        { "POST", G + "add/v1", ["gwName=x", "registerType=1", "realm=sip:a b", "status=1", "returnVisit=0"], -100004 },
        { "POST", G + "add/v1", [.. Gateway, "price=cheap"], -100002 },
        { "POST", G + "add/v1", [.. Gateway, "mobilePhonePrefix=9a"], -100004 },
        { "POST", G + "add/v1", [.. Gateway, "billType=3"], -100003 },
        { "POST", G + "add/v1", [.. Gateway, "expectCount=-1"], -100003 },
        { "POST", G + "add/v1", [.. Gateway, "gwCode=bad code"], -100004 },
        { "POST", G + "update/v1", [.. Gateway, "gwCode=1000"], -100001 },
        { "POST", G + "update/v1", [.. Gateway, "id=1"], -100001 },
        { "POST", G + "update/v1", [.. Gateway, "id=777", "gwCode=777"], -1000105 },
        { "GET", G + "getList/v1", ["status=5"], -100003 },
        { "GET", G + "getList/v1", ["pageSize=-1"], -100007 },
        { "POST", "/callcenter/tenant/api/setNotifyUrl/v1", ["taskStatusUrl=ftp://x"], -100003 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_requests_get_their_validation_code(string method, string path, string[] fields, int code)
    {
        var pairs = fields.Select(f => f.Split('=', 2)).Select(kv => (kv[0], kv[1])).ToArray();
        var response = method == "GET" ? await system.Api.GetAsync(path, pairs) : await system.Api.PostAsync(path, pairs);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(code == response.Code, $"expected {code}, got {response}");
        Assert.False(string.IsNullOrEmpty(response.Message));
        Assert.False(response.Json.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Json_bodies_are_accepted_like_forms_and_numbers_may_be_strings()
    {
        var code = system.Unique("json");
        var created = await system.Api.PostJsonAsync(P + "createProject/v1", new { projectCode = code, seats = "2" });
        Assert.Equal(1, created.Code);
        var numeric = await system.Api.PostJsonAsync(P + "setWorkStatusByProjectCode/v1", new { projectCode = code, workStatus = 1 });
        Assert.Equal(1, numeric.Code);
    }

    [Fact]
    public async Task Malformed_bodies_and_unsupported_types_are_refused()
    {
        var malformed = await system.Api.SendAsync(HttpMethod.Post, P + "createProject/v1", new StringContent("{\"projectCode\":", Encoding.UTF8, "application/json"));
        Assert.Equal(-100005, malformed.Code);
        var array = await system.Api.SendAsync(HttpMethod.Post, P + "createProject/v1", new StringContent("[1,2]", Encoding.UTF8, "application/json"));
        Assert.Equal(-100005, array.Code);
        var text = await system.Api.SendAsync(HttpMethod.Post, P + "createProject/v1", new StringContent("projectCode=a", Encoding.UTF8, "text/plain"));
        Assert.Equal(-100005, text.Code);
    }

    [Fact]
    public async Task Oversized_bodies_are_refused()
    {
        var big = new FormUrlEncodedContent([new("projectCode", "a"), new("seats", "1"), new("padding", new string('x', 1_100_000))]);
        var response = await system.Api.SendAsync(HttpMethod.Post, P + "createProject/v1", big);
        Assert.Equal(-100011, response.Code);
    }

    [Fact]
    public async Task Uploads_must_be_non_empty_audio_files()
    {
        Assert.Equal(-100010, (await UploadAsync("v-up", "notes.txt", [1, 2, 3])).Code);
        Assert.Equal(-100010, (await UploadAsync("v-up", "empty.wav", [])).Code);
        var ok = await UploadAsync("v-up", "hello.wav", Wave(1600));
        Assert.Equal(1, ok.Code);
        Assert.Equal("demo/voices/v-up.wav", ok.Data.GetProperty("blobKey").GetString());
    }

    public static TheoryData<string, byte[], string> BadWaves()
    {
        var stereo = Wave(1600);
        stereo[22] = 2;
        var truncated = Wave(1600)[..1000];
        var mp3 = Wave(1600);
        mp3[20] = 0x55;
        return new()
        {
            { "v-junk", new byte[64], "not a RIFF/WAVE file" },
            { "v-stereo", stereo, "2 channels" },
            { "v-trunc", truncated, "declares" },
            { "v-mp3", mp3, "codec 0x0055" },
            { "v-long", Wave(8000 * 2 * 61), "过长" },
            { "v-big", Wave(3 * 1024 * 1024), "过大" },
        };
    }

    [Theory]
    [MemberData(nameof(BadWaves))]
    public async Task Wav_uploads_must_be_playable_telephony_audio_and_nothing_is_stored_on_refusal(string voiceCode, byte[] file, string reason)
    {
        var refused = await UploadAsync(voiceCode, "prompt.wav", file);
        Assert.True(refused.Code == -100010, refused.ToString());
        Assert.Contains(reason, refused.Message);
        // Neither stored (registering the key it would have had finds nothing) nor registered.
        var register = await system.Api.PostAsync(P + "uploadVoiceFile/v1", ("voiceCode", voiceCode), ("qiniuStoreKey", voiceCode + ".wav"));
        Assert.Equal(-1000107, register.Code);
    }

    private async Task<ApiResponse> UploadAsync(string voiceCode, string fileName, byte[] bytes)
    {
        var form = new MultipartFormDataContent { { new StringContent(voiceCode), "voiceCode" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await system.Api.SendAsync(HttpMethod.Post, P + "uploadVoiceFile/v1", form);
    }

    /// <summary>8 kHz 16-bit mono PCM, as the recordings are.</summary>
    private static byte[] Wave(int dataBytes)
    {
        var file = new byte[CallCenter.Telephony.Recording.WaveHeader.Size + dataBytes];
        CallCenter.Telephony.Recording.WaveHeader.Telephony((uint)dataBytes).WriteTo(file);
        return file;
    }
}
