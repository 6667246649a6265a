using System.Text;
using System.Text.Json;
using CallCenter.Storage.Tests.Infrastructure;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// What grains see of Orleans' <see cref="IGrainStorage"/>, run against every implementation the silo can be configured
/// with: the project's stores behind <c>StateStoreGrainStorage</c> and Orleans' ADO.NET grain storage on our schema. No
/// silo: the state containers are Orleans' own <see cref="GrainState{T}"/>, as a grain's persistent state would hand them.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    protected const string StateName = "state";

    protected IGrainStorage Storage { get; private set; } = null!;

    /// <summary>Opens the storage on an empty store.</summary>
    protected abstract Task<IGrainStorage> OpenStorageAsync();

    /// <summary>The bytes stored for the state, read past the storage (null when there are none).</summary>
    protected abstract Task<byte[]?> StoredPayloadAsync(string stateName, GrainId grainId);

    protected virtual Task CloseAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Storage = await OpenStorageAsync();

    public Task DisposeAsync() => CloseAsync();

    protected static GrainId NewGrainId(string type = "probe") => GrainId.Create(type, "tenant1:" + Guid.NewGuid().ToString("N"));

    private static ProbeState SomeState(int count = 1) => new()
    {
        Count = count,
        Name = "agent 1001 ☎",
        Items = ["a", "b"],
        Owner = new ProbeOwner("tenant1", 1001),
    };

    private async Task<GrainState<ProbeState>> ReadAsync(GrainId grainId, string stateName = StateName)
    {
        var state = new GrainState<ProbeState>();
        await Storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    private async Task<GrainState<ProbeState>> WriteNewAsync(GrainId grainId, ProbeState value, string stateName = StateName)
    {
        var state = await ReadAsync(grainId, stateName);
        state.State = value;
        await Storage.WriteStateAsync(stateName, grainId, state);
        return state;
    }

    [Fact]
    public async Task State_that_was_never_written_reads_as_the_default_with_no_record_and_no_etag()
    {
        var state = new GrainState<ProbeState> { State = SomeState(), ETag = "left over", RecordExists = true };

        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Count);
        Assert.Empty(state.State!.Items);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Written_state_reads_back_with_the_etag_the_write_returned()
    {
        var grainId = NewGrainId();

        var written = await WriteNewAsync(grainId, SomeState(7));
        var read = await ReadAsync(grainId);

        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.True(written.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(7, read.State!.Count);
        Assert.Equal("agent 1001 ☎", read.State!.Name);
        Assert.Equal(["a", "b"], read.State!.Items);
        Assert.Equal(new ProbeOwner("tenant1", 1001), read.State!.Owner);
    }

    [Fact]
    public async Task Each_write_with_the_current_etag_replaces_the_state_and_issues_a_new_etag()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, SomeState(1));
        var etags = new List<string> { state.ETag! };

        for (var i = 2; i <= 3; i++)
        {
            state.State!.Count = i;
            await Storage.WriteStateAsync(StateName, grainId, state);
            etags.Add(state.ETag!);
        }

        Assert.Equal(3, etags.Distinct().Count());
        Assert.Equal(3, (await ReadAsync(grainId)).State!.Count);
    }

    [Fact]
    public async Task The_stored_bytes_are_system_text_json_without_clr_type_names()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, SomeState(3));

        var payload = await StoredPayloadAsync(StateName, grainId);

        Assert.NotNull(payload);
        var text = Encoding.UTF8.GetString(payload);
        Assert.DoesNotContain("$type", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ProbeState), text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(payload);
        Assert.Equal(["Count", "Name", "Items", "Owner"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, json.RootElement.GetProperty("Count").GetInt32());
        Assert.Equal(1001, json.RootElement.GetProperty("Owner").GetProperty("Extension").GetInt32());
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_leaves_the_stored_row_untouched()
    {
        var grainId = NewGrainId();
        var loser = await WriteNewAsync(grainId, SomeState(1));
        var winner = await ReadAsync(grainId);
        winner.State!.Count = 2;
        await Storage.WriteStateAsync(StateName, grainId, winner);
        var storedBefore = await StoredPayloadAsync(StateName, grainId);

        loser.State!.Count = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, loser));

        Assert.Equal(storedBefore, await StoredPayloadAsync(StateName, grainId));
        var read = await ReadAsync(grainId);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task A_second_activation_that_read_nothing_cannot_create_the_state_again()
    {
        var grainId = NewGrainId();
        var late = await ReadAsync(grainId);
        await WriteNewAsync(grainId, SomeState(1));

        late.State = SomeState(50);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, late));

        Assert.Equal(1, (await ReadAsync(grainId)).State!.Count);
    }

    [Fact]
    public async Task Clearing_resets_the_state_and_a_new_activation_starts_from_the_default_and_can_write_again()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, SomeState(5));

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Count);
        var fresh = await ReadAsync(grainId);
        Assert.False(fresh.RecordExists);
        Assert.Equal(0, fresh.State!.Count);
        Assert.Null(await StoredPayloadAsync(StateName, grainId));
        // The activation that cleared writes on with what the clear left it, a new one with what it read.
        state.State!.Count = 6;
        await Storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal(6, (await ReadAsync(grainId)).State!.Count);
    }

    [Fact]
    public async Task A_new_activation_can_write_state_another_one_cleared()
    {
        var grainId = NewGrainId();
        await Storage.ClearStateAsync(StateName, grainId, await WriteNewAsync(grainId, SomeState(5)));

        var fresh = await WriteNewAsync(grainId, SomeState(8));

        Assert.True(fresh.RecordExists);
        Assert.Equal(8, (await ReadAsync(grainId)).State!.Count);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_fails_and_keeps_the_state()
    {
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(grainId, SomeState(1));
        var current = await ReadAsync(grainId);
        current.State!.Count = 2;
        await Storage.WriteStateAsync(StateName, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(2, (await ReadAsync(grainId)).State!.Count);
    }

    [Fact]
    public async Task Grains_of_different_types_with_the_same_key_and_state_name_keep_separate_state()
    {
        // The agent and the extension of tenant1:1001 both keep a state called "state".
        var agent = GrainId.Create("agent", "tenant1:1001");
        var extension = GrainId.Create("extension", "tenant1:1001");

        await WriteNewAsync(agent, SomeState(1));
        await WriteNewAsync(extension, SomeState(2));

        Assert.Equal(1, (await ReadAsync(agent)).State!.Count);
        Assert.Equal(2, (await ReadAsync(extension)).State!.Count);
    }

    [Fact]
    public async Task Keys_that_look_like_numbers_are_distinct_exactly_as_their_characters_are()
    {
        // Orleans' ADO.NET provider parses hexadecimal-looking keys into integers: "0a", "a" and "A" would be one key.
        string[] keys = ["0a", "a", "A", "1001", "01001", "cafe", "CAFE", "7+x", "7"];
        for (var i = 0; i < keys.Length; i++) await WriteNewAsync(GrainId.Create("number", keys[i]), SomeState(i));

        for (var i = 0; i < keys.Length; i++) Assert.Equal(i, (await ReadAsync(GrainId.Create("number", keys[i]))).State!.Count);
    }

    [Fact]
    public async Task States_of_one_grain_with_different_names_are_independent()
    {
        var grainId = NewGrainId();
        var profile = await WriteNewAsync(grainId, SomeState(1), "profile");
        await WriteNewAsync(grainId, SomeState(2), "queue");

        await Storage.ClearStateAsync("profile", grainId, profile);

        Assert.False((await ReadAsync(grainId, "profile")).RecordExists);
        Assert.Equal(2, (await ReadAsync(grainId, "queue")).State!.Count);
    }
}
