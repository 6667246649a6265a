namespace CallCenter.Storage.Tests.Contract;

/// <summary>
/// The contract every <see cref="IReminderStore"/> meets (memory, SQLite), run unchanged against each of them. (On
/// PostgreSQL reminders are Orleans' ADO.NET reminder table, covered by <see cref="ReminderTableContractTests"/>.)
/// </summary>
public abstract class ReminderStoreContractTests : StoreContractTests<IReminderStore>
{
    protected IReminderStore Reminders => Store;

    private static readonly DateTimeOffset SomeTime = new(2025, 3, 14, 15, 9, 26, 535, 897, TimeSpan.Zero);

    [Fact]
    public async Task Reading_reminders_that_do_not_exist_returns_null_and_empty_lists()
    {
        Assert.Null(await Reminders.ReadAsync("call", "k", "acw"));
        Assert.Empty(await Reminders.ReadAsync("call", "k"));
        Assert.Empty(await Reminders.ReadAllAsync());
        Assert.False(await Reminders.RemoveAsync("call", "k", "acw"));
    }

    [Fact]
    public async Task An_upserted_reminder_reads_back_exactly_with_its_etag()
    {
        var entry = new StoredReminder("agent", "tenant1:1001", "acw", SomeTime, TimeSpan.FromSeconds(30) + TimeSpan.FromMicroseconds(7));

        var etag = await Reminders.UpsertAsync(entry);

        var stored = await Reminders.ReadAsync("agent", "tenant1:1001", "acw");
        Assert.Equal(entry with { ETag = etag }, stored);
        Assert.Equal(TimeSpan.Zero, stored!.StartAt.Offset);
    }

    [Fact]
    public async Task Reminder_times_are_kept_to_the_microsecond_and_in_utc()
    {
        var local = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddTicks(12_345_678); // 1.2345678 s
        await Reminders.UpsertAsync(new StoredReminder("queue", "q1", "timeout", local, TimeSpan.FromTicks(15)));

        var stored = await Reminders.ReadAsync("queue", "q1", "timeout");

        Assert.Equal(local.UtcDateTime.AddTicks(-8), stored!.StartAt.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, stored.StartAt.Offset);
        Assert.Equal(TimeSpan.FromTicks(10), stored.Period);
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var first = await Reminders.UpsertAsync(new StoredReminder("campaign", "c1", "pace", SomeTime, TimeSpan.FromSeconds(1)));
        var second = await Reminders.UpsertAsync(new StoredReminder("campaign", "c1", "pace", SomeTime.AddMinutes(5), TimeSpan.FromSeconds(2)));

        Assert.NotEqual(first, second);
        var stored = Assert.Single(await Reminders.ReadAllAsync());
        Assert.Equal(new StoredReminder("campaign", "c1", "pace", SomeTime.AddMinutes(5), TimeSpan.FromSeconds(2), second), stored);
    }

    [Fact]
    public async Task Reminders_read_by_grain_are_that_grains_only_ordered_by_name()
    {
        await Reminders.UpsertAsync(new StoredReminder("agent", "a1", "zeta", SomeTime, TimeSpan.FromSeconds(1)));
        await Reminders.UpsertAsync(new StoredReminder("agent", "a1", "alpha", SomeTime, TimeSpan.FromSeconds(1)));
        await Reminders.UpsertAsync(new StoredReminder("agent", "a2", "alpha", SomeTime, TimeSpan.FromSeconds(1)));
        await Reminders.UpsertAsync(new StoredReminder("queue", "a1", "alpha", SomeTime, TimeSpan.FromSeconds(1)));

        var found = await Reminders.ReadAsync("agent", "a1");

        Assert.Equal(["alpha", "zeta"], found.Select(r => r.Name));
        Assert.All(found, r => Assert.Equal(("agent", "a1"), (r.GrainType, r.GrainKey)));
    }

    [Fact]
    public async Task Reading_all_reminders_returns_every_one_ordered_by_type_key_and_name()
    {
        var entries = new[]
        {
            new StoredReminder("queue", "q1", "timeout", SomeTime, TimeSpan.FromSeconds(20)),
            new StoredReminder("agent", "a2", "acw", SomeTime.AddSeconds(1), TimeSpan.FromSeconds(10)),
            new StoredReminder("agent", "a1", "break", SomeTime.AddSeconds(2), TimeSpan.FromMinutes(15)),
            new StoredReminder("agent", "a1", "acw", SomeTime.AddSeconds(3), TimeSpan.FromSeconds(10)),
        };
        var etags = new Dictionary<string, string>();
        foreach (var entry in entries) etags[entry.GrainKey + entry.Name] = await Reminders.UpsertAsync(entry);

        var all = await Reminders.ReadAllAsync();

        var expected = entries.OrderBy(e => e.GrainType, StringComparer.Ordinal).ThenBy(e => e.GrainKey, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => e with { ETag = etags[e.GrainKey + e.Name] });
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task Removing_a_reminder_deletes_only_it_and_reports_whether_it_existed()
    {
        await Reminders.UpsertAsync(new StoredReminder("agent", "a1", "acw", SomeTime, TimeSpan.FromSeconds(10)));
        await Reminders.UpsertAsync(new StoredReminder("agent", "a1", "break", SomeTime, TimeSpan.FromSeconds(10)));

        Assert.True(await Reminders.RemoveAsync("agent", "a1", "acw"));
        Assert.False(await Reminders.RemoveAsync("agent", "a1", "acw"));

        Assert.Null(await Reminders.ReadAsync("agent", "a1", "acw"));
        Assert.Equal("break", Assert.Single(await Reminders.ReadAllAsync()).Name);
    }

    [Fact]
    public async Task Reminders_with_unicode_keys_round_trip()
    {
        var entry = new StoredReminder("坐席", "租户一:工号-7 😀", "话后处理 ⏰", SomeTime, TimeSpan.FromSeconds(45));
        var decomposed = entry with { Name = "cafe\u0301" };
        var precomposed = entry with { Name = "caf\u00e9" };

        var etag = await Reminders.UpsertAsync(entry);
        await Reminders.UpsertAsync(decomposed);
        await Reminders.UpsertAsync(precomposed);

        Assert.Equal(entry with { ETag = etag }, await Reminders.ReadAsync(entry.GrainType, entry.GrainKey, entry.Name));
        Assert.Equal(3, (await Reminders.ReadAsync(entry.GrainType, entry.GrainKey)).Count);
        Assert.True(await Reminders.RemoveAsync(entry.GrainType, entry.GrainKey, "cafe\u0301"));
        Assert.NotNull(await Reminders.ReadAsync(entry.GrainType, entry.GrainKey, "caf\u00e9"));
    }
}
