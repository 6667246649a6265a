using System.Text;
using CallCenter.Telephony.Recording;

namespace CallCenter.Telephony.Tests;

public sealed class LocalFolderBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cc-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly LocalFolderBlobStore _store;

    public LocalFolderBlobStoreTests() => _store = new LocalFolderBlobStore(new LocalFolderBlobStoreOptions { Root = _root });

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string?> ReadAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Blobs_round_trip_under_the_root_and_can_be_deleted()
    {
        await _store.PutAsync("tenant-a/recordings/call-1.wav", Text("RIFF"), "audio/wav");

        Assert.Equal("RIFF", await ReadAsync("tenant-a/recordings/call-1.wav"));
        Assert.True(File.Exists(Path.Combine(_root, "tenant-a", "recordings", "call-1.wav")));
        var info = await _store.GetInfoAsync("tenant-a/recordings/call-1.wav");
        Assert.Equal(("tenant-a/recordings/call-1.wav", 4L, "audio/wav"), (info!.Key, info.Length, info.ContentType));

        Assert.True(await _store.DeleteAsync("tenant-a/recordings/call-1.wav"));
        Assert.False(await _store.DeleteAsync("tenant-a/recordings/call-1.wav"));
        Assert.Null(await _store.OpenReadAsync("tenant-a/recordings/call-1.wav"));
        Assert.Null(await _store.GetInfoAsync("tenant-a/recordings/call-1.wav"));
    }

    [Fact]
    public async Task A_content_type_the_extension_does_not_imply_is_kept_beside_the_blob()
    {
        await _store.PutAsync("t/prompt.bin", Text("x"), "audio/x-custom");
        Assert.Equal("audio/x-custom", (await _store.GetInfoAsync("t/prompt.bin"))!.ContentType);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, "t")).Length);

        await _store.PutAsync("t/prompt.bin", Text("y"), "application/octet-stream");
        Assert.Equal("application/octet-stream", (await _store.GetInfoAsync("t/prompt.bin"))!.ContentType);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "t")));

        await _store.PutAsync("t/notes.json", Text("{}"), "application/json");
        Assert.Equal("application/json", (await _store.GetInfoAsync("t/notes.json"))!.ContentType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../outside.wav")]
    [InlineData("t/../../outside.wav")]
    [InlineData("t/./x.wav")]
    [InlineData("t//x.wav")]
    [InlineData("t\\x.wav")]
    [InlineData("c:/x.wav")]
    [InlineData("t/x.wav.")]
    [InlineData("t/x\u0000.wav")]
    [InlineData("t/x.wav.content-type")]
    [InlineData("t/x.wav.partial")]
    public async Task Unsafe_keys_are_refused_by_every_operation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, Text("x"), "audio/wav"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetInfoAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "outside.wav")));
    }

    [Fact]
    public async Task Overwrites_are_atomic_and_leave_no_temporary_files()
    {
        await _store.PutAsync("t/x.txt", Text(new string('a', 100_000)), "text/plain");
        var readers = Enumerable.Range(0, 20).Select(async i =>
        {
            await _store.PutAsync("t/x.txt", Text(new string((char)('b' + i % 20), 100_000)), "text/plain");
            var content = await ReadAsync("t/x.txt");
            Assert.Equal(100_000, content!.Length);
            Assert.Single(content.Distinct());
        });
        await Task.WhenAll(readers);

        Assert.Equal(["x.txt"], Directory.GetFiles(Path.Combine(_root, "t")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failed_write_keeps_the_previous_blob()
    {
        await _store.PutAsync("t/x.txt", Text("old"), "text/plain");

        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("t/x.txt", new FailingStream(), "text/plain"));

        Assert.Equal("old", await ReadAsync("t/x.txt"));
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "t")));
    }

    private sealed class FailingStream : Stream
    {
        private int _reads;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_reads++ > 0) throw new IOException("the recording source broke");
            buffer[offset] = (byte)'n';
            return 1;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
