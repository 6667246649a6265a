using System.Text;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// The contract every <see cref="IGrainStateStore"/> meets (memory, SQLite, PostgreSQL), run unchanged against each of
/// them by a subclass that says how to open a fresh, empty store.
/// </summary>
public abstract class GrainStateStoreContractTests : StoreContractTests<IGrainStateStore>
{
    protected IGrainStateStore Storage => Store;

    protected static GrainStateId NewId(string stateName = "state") => new("test-grain", "tenant1:" + Guid.NewGuid().ToString("N"), stateName);

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(GrainStateRecord? record) => Encoding.UTF8.GetString(Assert.IsType<GrainStateRecord>(record).Payload);

    [Fact]
    public async Task Reading_state_that_was_never_written_returns_null()
    {
        Assert.Null(await Storage.ReadAsync(NewId()));
    }

    [Fact]
    public async Task Writing_new_state_with_no_expected_etag_stores_it_with_the_returned_etag()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync(id, Bytes("v1"), null);

        Assert.False(string.IsNullOrEmpty(etag));
        var stored = await Storage.ReadAsync(id);
        Assert.Equal("v1", Text(stored));
        Assert.Equal(etag, stored!.ETag);
    }

    [Fact]
    public async Task Updating_with_the_current_etag_replaces_the_state_and_issues_a_new_etag()
    {
        var id = NewId();
        var first = await Storage.WriteAsync(id, Bytes("v1"), null);
        var second = await Storage.WriteAsync(id, Bytes("v2"), first);
        var third = await Storage.WriteAsync(id, Bytes("v3"), second);

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        var stored = await Storage.ReadAsync(id);
        Assert.Equal("v3", Text(stored));
        Assert.Equal(third, stored!.ETag);
    }

    [Fact]
    public async Task Updating_with_a_stale_etag_fails_with_the_stored_etag_and_leaves_the_newer_state_intact()
    {
        var id = NewId();
        var stale = await Storage.WriteAsync(id, Bytes("v1"), null);
        var current = await Storage.WriteAsync(id, Bytes("v2 from the winner"), stale);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, Bytes("v2 from the loser"), stale));

        Assert.Equal(current, conflict.StoredEtag);
        Assert.Equal(stale, conflict.CurrentEtag);
        Assert.Contains(id.ToString(), conflict.Message, StringComparison.Ordinal);
        var stored = await Storage.ReadAsync(id);
        Assert.Equal("v2 from the winner", Text(stored));
        Assert.Equal(current, stored!.ETag);
    }

    [Fact]
    public async Task Writing_new_state_when_state_exists_fails_and_keeps_the_existing_state()
    {
        var id = NewId();
        var existing = await Storage.WriteAsync(id, Bytes("first"), null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, Bytes("second"), null));

        Assert.Equal(existing, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.Equal("first", Text(await Storage.ReadAsync(id)));
    }

    [Fact]
    public async Task Updating_state_that_does_not_exist_fails_with_no_stored_etag_and_stores_nothing()
    {
        var id = NewId();

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, Bytes("v"), "some-etag"));

        Assert.Null(conflict.StoredEtag);
        Assert.Equal("some-etag", conflict.CurrentEtag);
        Assert.Null(await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task Clearing_with_the_current_etag_removes_the_state_and_it_can_be_written_anew()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync(id, Bytes("v1"), null);

        await Storage.ClearAsync(id, etag);

        Assert.Null(await Storage.ReadAsync(id));
        var again = await Storage.WriteAsync(id, Bytes("v2"), null);
        Assert.Equal("v2", Text(await Storage.ReadAsync(id)));
        Assert.NotEqual(etag, again);
    }

    [Fact]
    public async Task An_etag_from_before_a_clear_never_matches_the_state_written_after_it()
    {
        // The ABA case: a writer that read before the clear must not overwrite what was created after it.
        var id = NewId();
        var beforeClear = await Storage.WriteAsync(id, Bytes("old"), null);
        await Storage.ClearAsync(id, beforeClear);
        var afterClear = await Storage.WriteAsync(id, Bytes("new"), null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, Bytes("stale writer"), beforeClear));

        var stored = await Storage.ReadAsync(id);
        Assert.Equal("new", Text(stored));
        Assert.Equal(afterClear, stored!.ETag);
    }

    [Fact]
    public async Task Clearing_with_a_wrong_etag_fails_and_keeps_the_state()
    {
        var id = NewId();
        var stale = await Storage.WriteAsync(id, Bytes("v1"), null);
        var current = await Storage.WriteAsync(id, Bytes("v2"), stale);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(id, stale));

        Assert.Equal(current, conflict.StoredEtag);
        Assert.Contains(id.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Equal("v2", Text(await Storage.ReadAsync(id)));
    }

    [Fact]
    public async Task Clearing_existing_state_while_expecting_none_fails_and_keeps_the_state()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync(id, Bytes("v1"), null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(id, null));

        Assert.Equal(etag, conflict.StoredEtag);
        Assert.Equal("v1", Text(await Storage.ReadAsync(id)));
    }

    [Fact]
    public async Task Clearing_absent_state_is_a_no_op_when_none_was_expected_and_a_conflict_when_some_was()
    {
        var id = NewId();

        await Storage.ClearAsync(id, null);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(id, "some-etag"));

        Assert.Null(conflict.StoredEtag);
        Assert.Null(await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task Racing_read_modify_write_loops_lose_no_update()
    {
        const int writers = 20, incrementsEach = 5;
        var id = NewId();
        await Storage.WriteAsync(id, Bytes(""), null);
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var current = await Storage.ReadAsync(id);
                    var entries = Encoding.UTF8.GetString(current!.Payload);
                    try
                    {
                        await Storage.WriteAsync(id, Bytes(entries + $"{writer}.{i};"), current.ETag);
                        break;
                    }
                    catch (InconsistentStateException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })));

        var final = Text(await Storage.ReadAsync(id)).Split(';', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(writers * incrementsEach, final.Length);
        var expected = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, incrementsEach).Select(i => $"{w}.{i}"));
        Assert.Equal(expected.Order(), final.Order());
    }

    [Fact]
    public async Task Of_racing_creators_of_the_same_state_exactly_one_wins()
    {
        var id = NewId();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(writer => Task.Run(async () =>
        {
            try
            {
                return (Writer: writer, ETag: await Storage.WriteAsync(id, Bytes($"writer {writer}"), null));
            }
            catch (InconsistentStateException)
            {
                return (Writer: writer, ETag: (string?)null);
            }
        })));

        var winner = Assert.Single(results, r => r.ETag is not null);
        var stored = await Storage.ReadAsync(id);
        Assert.Equal($"writer {winner.Writer}", Text(stored));
        Assert.Equal(winner.ETag, stored!.ETag);
    }

    [Fact]
    public async Task A_one_megabyte_payload_round_trips_byte_for_byte()
    {
        var id = NewId();
        var payload = new byte[1024 * 1024];
        new Random(42).NextBytes(payload);

        var etag = await Storage.WriteAsync(id, payload, null);
        Assert.Equal(payload, (await Storage.ReadAsync(id))!.Payload);

        payload[0] ^= 0xFF;
        payload[^1] ^= 0xFF;
        await Storage.WriteAsync(id, payload, etag);
        Assert.Equal(payload, (await Storage.ReadAsync(id))!.Payload);
    }

    [Fact]
    public async Task An_empty_payload_round_trips_as_empty()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync(id, ReadOnlyMemory<byte>.Empty, null);

        var stored = await Storage.ReadAsync(id);

        Assert.NotNull(stored);
        Assert.Empty(stored.Payload);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task A_payload_given_as_a_slice_stores_exactly_the_slice()
    {
        var id = NewId();
        var buffer = Bytes("xxHELLOxx");

        await Storage.WriteAsync(id, buffer.AsMemory(2, 5), null);

        Assert.Equal("HELLO", Text(await Storage.ReadAsync(id)));
    }

    [Fact]
    public async Task Changing_the_array_that_was_read_does_not_change_what_is_stored()
    {
        var id = NewId();
        await Storage.WriteAsync(id, Bytes("abc"), null);

        (await Storage.ReadAsync(id))!.Payload[0] = (byte)'X';

        Assert.Equal("abc", Text(await Storage.ReadAsync(id)));
    }

    [Fact]
    public async Task Unicode_keys_are_distinct_exactly_as_their_characters_are()
    {
        // Precomposed and decomposed é, and case, are different keys: keys compare by their exact characters.
        GrainStateId[] ids =
        [
            new("通话", "租户一:坐席-7 ☎", "状态"),
            new("通话", "租户一:坐席-7 ☎", "狀態"),
            new("call", "caf\u00e9", "state"),
            new("call", "cafe\u0301", "state"),
            new("call", "CAF\u00c9", "state"),
            new("📞 grain", "😀-key-𝄞", "état"),
            new("call", "tenant'; DROP TABLE grain_state; --", "state"),
        ];
        var etags = new List<string>();
        for (var i = 0; i < ids.Length; i++) etags.Add(await Storage.WriteAsync(ids[i], Bytes($"value {i}"), null));

        for (var i = 0; i < ids.Length; i++)
        {
            var stored = await Storage.ReadAsync(ids[i]);
            Assert.Equal($"value {i}", Text(stored));
            Assert.Equal(etags[i], stored!.ETag);
        }
        await Storage.WriteAsync(ids[0], Bytes("updated"), etags[0]);
        await Storage.ClearAsync(ids[2], etags[2]);
        Assert.Equal("updated", Text(await Storage.ReadAsync(ids[0])));
        Assert.Equal("value 1", Text(await Storage.ReadAsync(ids[1])));
        Assert.Null(await Storage.ReadAsync(ids[2]));
        Assert.Equal("value 3", Text(await Storage.ReadAsync(ids[3])));
    }

    [Fact]
    public async Task States_of_the_same_grain_with_different_names_or_types_are_independent()
    {
        var id = NewId("profile");
        var other = id with { StateName = "queue" };
        var otherType = id with { GrainType = "other-grain" };

        var etag = await Storage.WriteAsync(id, Bytes("profile"), null);
        await Storage.WriteAsync(other, Bytes("queue"), null);
        await Storage.ClearAsync(id, etag);

        Assert.Null(await Storage.ReadAsync(id));
        Assert.Equal("queue", Text(await Storage.ReadAsync(other)));
        Assert.Null(await Storage.ReadAsync(otherType));
    }

    [Fact]
    public async Task A_write_cancelled_before_it_starts_throws_and_stores_nothing()
    {
        var id = NewId();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.WriteAsync(id, Bytes("v"), null, cancelled.Token));

        Assert.Null(await Storage.ReadAsync(id));
    }
}
