using Orleans;
using Orleans.Runtime;

namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// What Orleans' reminder service relies on from <see cref="IReminderTable"/>, run against every table the silo can be
/// configured with: <c>ReminderStoreTable</c> over the project's stores and Orleans' ADO.NET reminder table on our schema.
/// Times are whole milliseconds (the ADO.NET table keeps periods in milliseconds).
/// </summary>
public abstract class ReminderTableContractTests : IAsyncLifetime
{
    private static readonly DateTime SomeTime = new(2025, 3, 14, 15, 9, 26, 535, DateTimeKind.Utc);

    protected IReminderTable Table { get; private set; } = null!;

    /// <summary>An empty table, not started yet.</summary>
    protected abstract Task<IReminderTable> OpenTableAsync();

    protected virtual Task CloseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Table = await OpenTableAsync();
        await Table.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Table.StopAsync();
        await CloseAsync();
    }

    private static ReminderEntry Entry(GrainId grainId, string name, DateTime? startAt = null, TimeSpan? period = null) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = startAt ?? SomeTime,
        Period = period ?? TimeSpan.FromMinutes(1),
    };

    private static GrainId NewGrainId(string type = "agent") => GrainId.Create(type, "tenant1:" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_reminder_that_was_never_upserted_reads_as_null_and_empty()
    {
        var grainId = NewGrainId();

        Assert.Null(await Table.ReadRow(grainId, "acw"));
        Assert.Empty((await Table.ReadRows(grainId)).Reminders);
    }

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_its_etag()
    {
        var grainId = NewGrainId();

        var etag = await Table.UpsertRow(Entry(grainId, "acw", period: TimeSpan.FromSeconds(90)));

        Assert.False(string.IsNullOrEmpty(etag));
        var row = Assert.IsType<ReminderEntry>(await Table.ReadRow(grainId, "acw"));
        Assert.Equal(grainId, row.GrainId);
        Assert.Equal("acw", row.ReminderName);
        Assert.Equal(SomeTime, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromSeconds(90), row.Period);
        Assert.Equal(etag, row.ETag);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_with_a_new_etag()
    {
        var grainId = NewGrainId();
        var first = await Table.UpsertRow(Entry(grainId, "pace"));

        var second = await Table.UpsertRow(Entry(grainId, "pace", SomeTime.AddMinutes(5), TimeSpan.FromMinutes(2)));

        Assert.NotEqual(first, second);
        var row = Assert.Single((await Table.ReadRows(grainId)).Reminders);
        Assert.Equal((SomeTime.AddMinutes(5), TimeSpan.FromMinutes(2), second), (row.StartAt, row.Period, row.ETag));
    }

    [Fact]
    public async Task Reminders_read_by_grain_are_that_grains_only()
    {
        var grainId = NewGrainId();
        var sameKeyOtherType = GrainId.Create("queue", grainId.Key.ToString()!);
        await Table.UpsertRow(Entry(grainId, "acw"));
        await Table.UpsertRow(Entry(grainId, "break"));
        await Table.UpsertRow(Entry(NewGrainId(), "acw"));
        await Table.UpsertRow(Entry(sameKeyOtherType, "acw"));

        var rows = (await Table.ReadRows(grainId)).Reminders;

        Assert.Equal(["acw", "break"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(grainId, r.GrainId));
    }

    [Fact]
    public async Task Removing_needs_the_current_etag_so_a_reminder_registered_again_survives_a_stale_remove()
    {
        var grainId = NewGrainId();
        var stale = await Table.UpsertRow(Entry(grainId, "acw"));
        var current = await Table.UpsertRow(Entry(grainId, "acw", SomeTime.AddSeconds(1)));

        Assert.False(await Table.RemoveRow(grainId, "acw", stale!));
        Assert.NotNull(await Table.ReadRow(grainId, "acw"));

        Assert.True(await Table.RemoveRow(grainId, "acw", current!));
        Assert.Null(await Table.ReadRow(grainId, "acw"));
        Assert.False(await Table.RemoveRow(grainId, "acw", current!));
    }

    [Fact]
    public async Task A_reminder_removed_and_registered_again_gets_an_etag_the_old_one_does_not_match()
    {
        var grainId = NewGrainId();
        var before = await Table.UpsertRow(Entry(grainId, "acw"));
        Assert.True(await Table.RemoveRow(grainId, "acw", before!));

        var after = await Table.UpsertRow(Entry(grainId, "acw"));

        Assert.NotEqual(before, after);
        Assert.False(await Table.RemoveRow(grainId, "acw", before!));
        Assert.NotNull(await Table.ReadRow(grainId, "acw"));
    }

    [Fact]
    public async Task Range_reads_return_the_grains_whose_hash_is_in_begin_exclusive_to_end_inclusive()
    {
        var grains = await UpsertGrainsAsync(40);
        var hashes = grains.Keys.Order().ToList();

        // Ordinary ranges with their bounds on stored hashes (begin excluded, end included), one across 2^31, which the
        // ADO.NET table sees as a wrap of its signed column.
        await AssertRangeAsync(grains, hashes[3], hashes[10]);
        await AssertRangeAsync(grains, hashes[0] - 1, hashes[0]);
        await AssertRangeAsync(grains, 0x4000_0000u, 0xC000_0000u);
        await AssertRangeAsync(grains, 0x7FFF_FFFFu, 0x8000_0000u);
        await AssertRangeAsync(grains, 0u, uint.MaxValue);
        Assert.Contains(hashes, h => h is > 0x4000_0000u and <= 0x7FFF_FFFFu); // both halves of that range are populated
        Assert.Contains(hashes, h => h is >= 0x8000_0000u and <= 0xC000_0000u);
    }

    [Fact]
    public async Task Range_reads_wrap_around_the_ring_when_begin_is_not_below_end()
    {
        var grains = await UpsertGrainsAsync(40);
        var hashes = grains.Keys.Order().ToList();

        await AssertRangeAsync(grains, hashes[30], hashes[5]);
        await AssertRangeAsync(grains, 0xC000_0000u, 0x4000_0000u);
        await AssertRangeAsync(grains, uint.MaxValue, 0u);
        await AssertRangeAsync(grains, 0x8000_0000u, 0x7FFF_FFFFu);
    }

    [Fact]
    public async Task A_range_that_begins_where_it_ends_is_the_whole_ring()
    {
        var grains = await UpsertGrainsAsync(20);
        var hashes = grains.Keys.Order().ToList();

        foreach (var point in new[] { hashes[7], 0u, 0x8000_0000u, uint.MaxValue })
        {
            var rows = (await Table.ReadRows(point, point)).Reminders;
            Assert.Equal(grains.Count, rows.Count);
        }
    }

    /// <summary>Upserts one reminder for each of <paramref name="count"/> new grains, keyed by the grain's ring hash.</summary>
    private async Task<Dictionary<uint, GrainId>> UpsertGrainsAsync(int count)
    {
        var grains = new Dictionary<uint, GrainId>();
        while (grains.Count < count)
        {
            var grainId = NewGrainId();
            if (grains.TryAdd(grainId.GetUniformHashCode(), grainId)) await Table.UpsertRow(Entry(grainId, "tick"));
        }
        return grains;
    }

    private async Task AssertRangeAsync(Dictionary<uint, GrainId> grains, uint begin, uint end)
    {
        var expected = grains.Where(g => InRing(g.Key, begin, end)).Select(g => g.Value.ToString()).Order(StringComparer.Ordinal);

        var actual = (await Table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    /// <summary>The definition on <see cref="IReminderTable.ReadRows(uint, uint)"/>, written out independently.</summary>
    private static bool InRing(uint hash, uint begin, uint end) => begin < end ? begin < hash && hash <= end : begin < hash || hash <= end;
}
