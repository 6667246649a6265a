using CallCenter.Recordings;

namespace CallCenter.Recordings.Tests;

public sealed class RecordingKeysTests
{
    [Fact]
    public void A_key_is_built_under_the_tenant_and_parsed_back()
    {
        var key = RecordingKeys.Recording("acme", new DateTimeOffset(2026, 3, 1, 17, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(8), "c-123");
        // 17:30 UTC is the next day in UTC+8: the folder is the contact center's local day.
        Assert.Equal("acme/recordings/2026-03-02/c-123.wav", key);
        Assert.True(RecordingKeys.TryParse(key, out var parsed));
        Assert.Equal(new RecordingKey("acme", new DateOnly(2026, 3, 2), "c-123"), parsed);
        Assert.True(RecordingKeys.BelongsTo(key, "acme"));
        Assert.False(RecordingKeys.BelongsTo(key, "other"));
    }

    [Theory]
    [InlineData("acme/recordings/2026-03-02/../other/x.wav")]
    [InlineData("acme/recordings/2026-03-02/x.mp3")]
    [InlineData("acme/voices/2026-03-02/x.wav")]
    [InlineData("acme/recordings/2026-3-2/x.wav")]
    [InlineData("Acme/recordings/2026-03-02/x.wav")]
    [InlineData("/acme/recordings/2026-03-02/x.wav")]
    [InlineData("acme/recordings/2026-03-02/sub/x.wav")]
    [InlineData("acme/recordings/2026-03-02/.wav")]
    [InlineData("")]
    public void Anything_but_a_well_formed_recording_key_is_refused(string key)
    {
        Assert.False(RecordingKeys.TryParse(key, out _));
        Assert.False(RecordingKeys.BelongsTo(key, "acme"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("x.")]
    [InlineData("")]
    public void A_call_id_that_could_be_a_path_trick_names_no_recording(string callId)
        => Assert.Throws<ArgumentException>(() => RecordingKeys.Recording("acme", new DateOnly(2026, 1, 1), callId));

    [Fact]
    public void The_archive_grain_is_keyed_by_the_tenant()
    {
        Assert.Equal("acme/recording-archive", IRecordingArchiveGrain.KeyFor("acme"));
        Assert.Equal("acme", RecordingKeys.TenantOf(IRecordingArchiveGrain.KeyFor("acme")));
        Assert.Throws<ArgumentException>(() => IRecordingArchiveGrain.KeyFor("_global"));
    }
}
