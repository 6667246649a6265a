using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class RecordingTests
{
    [Fact]
    public async Task A_recording_is_a_valid_8kHz_mono_16bit_WAV_as_long_as_the_recorded_time()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cc-rec-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new LocalFolderBlobStore(new LocalFolderBlobStoreOptions { Root = folder });
            await using var h = new SimulatorHarness(recordings: store);
            var (_, customer) = await h.BridgedPairAsync();

            await h.Switch.StartRecordingAsync(customer, "tenant-a/2026/01/05/call-1.wav");
            await h.AdvanceAsync(12.5);
            await h.Switch.StopRecordingAsync(customer, "tenant-a/2026/01/05/call-1.wav");
            await h.SettleAsync();

            Assert.Equal(TimeSpan.FromSeconds(12.5), h.Single<RecordingFinished>(customer).Duration);
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, "tenant-a", "2026", "01", "05", "call-1.wav"));
            var header = WaveHeader.Parse(bytes);
            Assert.Equal((8000, (short)1, (short)16), (header.SampleRate, header.Channels, header.BitsPerSample));
            Assert.Equal(200_000u, header.DataLength);
            Assert.Equal(WaveHeader.Size + 200_000, bytes.Length);
            Assert.Equal(TimeSpan.FromSeconds(12.5), header.Duration);
            Assert.Contains(bytes.Skip(WaveHeader.Size), b => b != 0);
            Assert.Equal("audio/wav", (await store.GetInfoAsync("tenant-a/2026/01/05/call-1.wav"))!.ContentType);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_tone_a_recording_is_silence()
    {
        await using var h = new SimulatorHarness(o => o.RecordingTone = false);
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await h.Switch.StartRecordingAsync(leg, "t/silent.wav");
        await h.AdvanceAsync(1);
        await h.Switch.StopRecordingAsync(leg, "t/silent.wav");
        await h.SettleAsync();

        await using var stream = (await h.Recordings.OpenReadAsync("t/silent.wav"))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(WaveHeader.Size + 16000, copy.Length);
        Assert.All(copy.ToArray().Skip(WaveHeader.Size), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Recordings_still_running_finish_when_the_leg_hangs_up_before_its_LegHungUp()
    {
        await using var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();
        await h.Switch.StartRecordingAsync(customer, "t/a.wav");
        await h.AdvanceAsync(3);
        await h.Switch.StartRecordingAsync(customer, "t/b.wav");
        await h.Switch.StartRecordingAsync(agent, "t/c.wav");
        await h.AdvanceAsync(2);

        Assert.True(h.Network.HangupFarEnd(customer));
        await h.SettleAsync();

        var customerTail = h.Of(customer).SkipWhile(e => e is not RecordingFinished).ToArray();
        Assert.Equal([typeof(RecordingFinished), typeof(RecordingFinished), typeof(LegUnbridged), typeof(LegHungUp)], SimulatorHarness.Types(customerTail));
        Assert.Equal([("t/a.wav", 5.0), ("t/b.wav", 2.0)], customerTail.OfType<RecordingFinished>().Select(r => (r.BlobKey, r.Duration.TotalSeconds)));
        Assert.Equal(TimeSpan.FromSeconds(2), h.Single<RecordingFinished>(agent).Duration);
        foreach (var key in new[] { "t/a.wav", "t/b.wav", "t/c.wav" }) Assert.NotNull(await h.Recordings.GetInfoAsync(key));
    }

    [Fact]
    public async Task RecordingFinished_is_delivered_only_once_the_blob_is_stored()
    {
        await using var h = new SimulatorHarness();
        var leg = await h.AnsweredExtensionLegAsync("1001");
        var storedWhenDelivered = new List<bool>();
        using var _ = h.Switch.Subscribe(async e =>
        {
            if (e is RecordingFinished finished) storedWhenDelivered.Add(await h.Recordings.GetInfoAsync(finished.BlobKey) is not null);
        });

        for (var i = 0; i < 5; i++)
        {
            await h.Switch.StartRecordingAsync(leg, $"t/{i}.wav");
            await h.AdvanceAsync(1);
            await h.Switch.StopRecordingAsync(leg, $"t/{i}.wav");
        }
        await h.SettleAsync();

        Assert.Equal([true, true, true, true, true], storedWhenDelivered);
    }

    [Fact]
    public async Task Bad_recording_commands_are_refused()
    {
        await using var h = new SimulatorHarness();
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.StartRecordingAsync(leg, "../escape.wav"));
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.StartRecordingAsync(leg, "/etc/passwd"));
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.StopRecordingAsync(leg, "t/never-started.wav"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(4096)]
    public void The_generated_WAV_reads_the_same_in_any_chunk_size(int chunk)
    {
        using var whole = new ToneRecordingStream(TimeSpan.FromSeconds(0.73));
        var expected = new byte[whole.Length];
        Assert.Equal(expected.Length, whole.Read(expected));

        using var chunked = new ToneRecordingStream(TimeSpan.FromSeconds(0.73));
        var actual = new List<byte>();
        var buffer = new byte[chunk];
        int read;
        while ((read = chunked.Read(buffer)) > 0) actual.AddRange(buffer.AsSpan(0, read).ToArray());

        Assert.Equal(expected, actual.ToArray());
        whole.Seek(WaveHeader.Size + 40, SeekOrigin.Begin);
        var again = new byte[40];
        whole.ReadExactly(again);
        Assert.Equal(expected.AsSpan(WaveHeader.Size, 40).ToArray(), again);
    }

    [Fact]
    public void Header_parsing_rejects_what_is_not_a_canonical_PCM_WAV()
    {
        var good = new byte[WaveHeader.Size];
        WaveHeader.Telephony(16000).WriteTo(good);
        Assert.Equal(TimeSpan.FromSeconds(1), WaveHeader.Parse(good).Duration);

        var notRiff = (byte[])good.Clone();
        notRiff[0] = (byte)'X';
        Assert.Throws<InvalidDataException>(() => WaveHeader.Parse(notRiff));
        var wrongSize = (byte[])good.Clone();
        wrongSize[4]++;
        Assert.Throws<InvalidDataException>(() => WaveHeader.Parse(wrongSize));
        Assert.Throws<InvalidDataException>(() => WaveHeader.Parse(good.AsSpan(0, 20)));
    }
}
