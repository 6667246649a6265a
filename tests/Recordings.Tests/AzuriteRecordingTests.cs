using System.Net;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Recordings.Tests.Support;
using CallCenter.Telephony.Simulated;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Recordings.Tests;

/// <summary>Recordings archived in Azure Blob (real Azurite): a recorded call's WAV goes from the spool to the tenant's
/// prefix of the container, the call log says saved, and it comes back through the edge, streamed or by a SAS link, to
/// its own tenant only.</summary>
public sealed class AzuriteRecordingTests : IAsyncLifetime
{
    private const string Log = "/callcenter/callLog/api/";
    private readonly string _container = AzureSilo.NewContainer();
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzuriteFactAttribute.Variable))) return;
        _silo = await AzureSilo.StartAsync(AzuriteFactAttribute.ConnectionString, _container);
    }

    public async Task DisposeAsync()
    {
        if (_silo is null) return;
        await _silo.DisposeAsync();
        await AzureSilo.Container(AzuriteFactAttribute.ConnectionString, _container).DeleteIfExistsAsync();
    }

    private Task<byte[]> BlobAsync(string key)
        => AzureSilo.Container(AzuriteFactAttribute.ConnectionString, _container).GetBlobClient(key).DownloadContentAsync().ContinueWith(t => t.Result.Value.Content.ToArray());

    private async Task<CallLogEntry> SavedAsync(string tenant, string callId)
    {
        await Recorded.EventuallyAsync(async () => (await Recorded.RowAsync(_silo, tenant, callId)).RecordingState == RecordingState.Saved, $"call {callId}'s recording to be saved");
        return await Recorded.RowAsync(_silo, tenant, callId);
    }

    [AzuriteFact]
    public async Task A_recorded_call_is_archived_in_the_tenants_prefix_and_downloaded_through_the_edge()
    {
        var callId = await RecordedCallThroughTheSwitchAsync();
        var row = await SavedAsync("demo", callId);
        var key = Recorded.KeyOf(row);
        Assert.StartsWith("demo/recordings/", key);

        // Durable in the container under the tenant's prefix, and gone from the spool.
        var blob = await BlobAsync(key);
        Assert.True(blob.Length > 44, "a WAV with samples");
        Assert.Equal("RIFF"u8.ToArray(), blob[..4]);
        Assert.Null(await Recorded.Spool(_silo).GetInfoAsync(key));
        var (code, list) = await AzureSilo.Demo(_silo).JsonAsync(HttpMethod.Get, Log + "getList/v1", ("pageSize", "100"));
        Assert.Equal(1, code);
        var wire = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("callId").GetString() == callId);
        Assert.Equal("saved", wire.GetProperty("recordingState").GetString());
        Assert.Equal(row.RecordingSavedAt!.Value.ToUnixTimeMilliseconds(), wire.GetProperty("recordingSavedTimestamp").GetInt64());

        // Streamed through the edge over real HTTP, byte for byte.
        using var streamed = await AzureSilo.Demo(_silo).SendAsync(HttpMethod.Get, Log + "getRecording/v1", ("callId", callId));
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("audio/wav", streamed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(blob, await streamed.Content.ReadAsByteArrayAsync());

        // A SAS link, fetched with no credentials at all.
        var (linkCode, link) = await AzureSilo.Demo(_silo).JsonAsync(HttpMethod.Post, Log + "getRecordingUrl/v1", ("callId", callId));
        Assert.Equal(1, linkCode);
        var url = new Uri(link.GetProperty("url").GetString()!);
        Assert.Contains("sig=", url.Query);
        Assert.Contains("sp=r", url.Query);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(link.GetProperty("expireTimestamp").GetInt64()) - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        using var anonymous = new HttpClient();
        Assert.Equal(blob, await anonymous.GetByteArrayAsync(url));
    }

    [AzuriteFact]
    public async Task Another_tenant_gets_not_found_for_the_recording()
    {
        var callId = await Recorded.CallAsync(_silo, "demo");
        await SavedAsync("demo", callId);
        var other = AzureSilo.Other(_silo);
        Assert.Equal(-1000108, (await other.JsonAsync(HttpMethod.Get, Log + "getRecording/v1", ("callId", callId))).Code);
        Assert.Equal(-1000108, (await other.JsonAsync(HttpMethod.Post, Log + "getRecordingUrl/v1", ("callId", callId))).Code);
        // Unknown and malformed call ids are refused the same way, and nothing is changed.
        Assert.Equal(-1000108, (await AzureSilo.Demo(_silo).JsonAsync(HttpMethod.Get, Log + "getRecording/v1", ("callId", "no-such-call"))).Code);
        Assert.Equal(-100004, (await AzureSilo.Demo(_silo).JsonAsync(HttpMethod.Get, Log + "getRecording/v1", ("callId", "../demo"))).Code);
        Assert.Equal(-100001, (await AzureSilo.Demo(_silo).JsonAsync(HttpMethod.Get, Log + "getRecording/v1")).Code);
        // The archive itself names blobs only by tenant-prefixed recording keys.
        var archive = _silo.Services.GetRequiredService<IRecordingArchive>();
        await Assert.ThrowsAsync<ArgumentException>(() => archive.OpenReadAsync("demo/../other/recordings/2026-01-01/x.wav"));
    }

    [AzuriteFact]
    public async Task An_expired_sas_link_is_refused_by_the_storage()
    {
        var callId = await Recorded.CallAsync(_silo, "demo");
        var key = Recorded.KeyOf(await SavedAsync("demo", callId));
        var archive = _silo.Services.GetRequiredService<IRecordingArchive>();
        using var anonymous = new HttpClient();

        var expired = await archive.GetDownloadUriAsync(key, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var refused = await anonymous.GetAsync(expired);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var valid = await archive.GetDownloadUriAsync(key, DateTimeOffset.UtcNow.AddMinutes(5));
        using var served = await anonymous.GetAsync(valid);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        // The link is for that one blob: the same signature on a sibling's name is refused.
        var sibling = new UriBuilder(valid!) { Path = valid!.AbsolutePath.Replace(callId, "someone-else", StringComparison.Ordinal) }.Uri;
        using var other = await anonymous.GetAsync(sibling);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [AzuriteFact]
    public async Task Retention_deletes_recordings_older_than_the_tenants_days()
    {
        var now = DateTimeOffset.UtcNow;
        var old = await Recorded.CallAsync(_silo, "demo", endedAt: now.AddDays(-31));
        var recent = await Recorded.CallAsync(_silo, "demo", endedAt: now.AddDays(-29));
        var othersOld = await Recorded.CallAsync(_silo, "other", endedAt: now.AddDays(-31)); // "other" keeps forever (no days set)
        var oldKey = Recorded.KeyOf(await SavedAsync("demo", old));
        var recentKey = Recorded.KeyOf(await SavedAsync("demo", recent));
        var othersKey = Recorded.KeyOf(await SavedAsync("other", othersOld));

        Assert.Equal(1, await _silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("demo")).ApplyRetentionAsync());
        Assert.Equal(0, await _silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("other")).ApplyRetentionAsync());

        var container = AzureSilo.Container(AzuriteFactAttribute.ConnectionString, _container);
        Assert.False((await container.GetBlobClient(oldKey).ExistsAsync()).Value);
        Assert.True((await container.GetBlobClient(recentKey).ExistsAsync()).Value);
        Assert.True((await container.GetBlobClient(othersKey).ExistsAsync()).Value);
        Assert.Equal(RecordingState.Expired, (await Recorded.RowAsync(_silo, "demo", old)).RecordingState);
        Assert.Equal(-1000108, (await AzureSilo.Demo(_silo).JsonAsync(HttpMethod.Get, Log + "getRecording/v1", ("callId", old))).Code);
        Assert.Equal(1, (await _silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("demo")).GetStatusAsync()).Expired);
    }

    /// <summary>A real call on the simulated network: an agent dials out through a gateway, the customer answers, talks,
    /// hangs up; the switch records the conversation into the spool and the call's grain closes it out.</summary>
    private async Task<string> RecordedCallThroughTheSwitchAsync()
    {
        var api = AzureSilo.Demo(_silo);
        var project = "rec" + Guid.NewGuid().ToString("N")[..6];
        var (created, createdData) = await api.JsonAsync(HttpMethod.Post, "/callcenter/callProject/api/createProject/v1", ("projectCode", project), ("seats", "1"));
        Assert.Equal(1, created);
        var (claimed, agent) = await api.JsonAsync(HttpMethod.Get, "/callcenter/callProject/api/getByCertificate/v1",
            ("certificate", createdData.GetProperty("certificate").GetString()!), ("type", "2"));
        Assert.Equal(1, claimed);
        var username = agent.GetProperty("username").GetString()!;
        _silo.Network.SetPhonePolicy(username, "demo.callcenter.local", PhoneAnswerPolicy.Manual());
        Assert.True(_silo.Network.RegisterPhone(username, "demo.callcenter.local", agent.GetProperty("password").GetString()!));
        var (added, gateway) = await api.JsonAsync(HttpMethod.Post, "/freeswitch/gateway/api/add/v1",
            ("gwName", "line"), ("registerType", "2"), ("realm", "carrier.example.com:5060"), ("status", "1"), ("returnVisit", "0"),
            ("billType", "2"), ("billsec", "6"), ("price", "10"), ("expectCount", "5"), ("originationCallId", "02100000000"));
        Assert.Equal(1, added);
        var gwCode = gateway.GetProperty("gwCode").GetString()!;
        _silo.Network.SetProfile("manual", PstnProfile.Manual());
        _silo.Network.AssignGatewayProfile($"demo-gw-{gwCode}", "manual");
        await _silo.SettleAsync();

        var placed = await _silo.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", username))
            .PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13800138000", project, GatewayCodes: [gwCode]));
        Assert.True(placed.Ok, placed.Error.ToString());
        var callId = placed.Value!;
        await _silo.SettleAsync();
        Assert.True(_silo.Network.AnswerFarEnd(_silo.Network.ListLegs().Single(l => l.DestinationNumber == username).LegId));
        await _silo.SettleAsync();
        var customer = _silo.Network.ListLegs().Single(l => l.FarEnd == "pstn" && l.CallId == callId);
        Assert.True(_silo.Network.AnswerFarEnd(customer.LegId));
        await _silo.SettleAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second of conversation
        Assert.True(_silo.Network.HangupFarEnd(customer.LegId));
        await _silo.SettleAsync();
        return callId;
    }
}
