using System.IO.Pipelines;
using System.Text;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// Plays a captured outbound session back as FreeSWITCH would: each command written releases the captured bytes up to
/// and including the next reply (the events that preceded that reply come with it); after the last reply the rest of
/// the capture follows and the stream ends. What the client wrote is kept for inspection.
/// </summary>
internal sealed class CaptureReplayStream : Stream
{
    private readonly byte[] _capture;
    private readonly Queue<int> _replyEnds;
    private readonly Pipe _incoming = new();
    private readonly Stream _reader;
    private readonly StringBuilder _written = new();
    private int _released;
    private bool _finished;

    public CaptureReplayStream(byte[] capture)
    {
        _capture = capture;
        _replyEnds = new Queue<int>(FrameSplitter.Split(capture)
            .Where(f => f.ContentType is "command/reply" or "api/response")
            .Select(f => f.Offset + f.Length));
        _reader = _incoming.Reader.AsStream();
    }

    public IReadOnlyList<string> Commands => _written.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _reader.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var before = _written.ToString().Split("\n\n").Length;
        _written.Append(Encoding.UTF8.GetString(buffer.Span));
        var commands = _written.ToString().Split("\n\n").Length - before;
        for (var i = 0; i < commands; i++) await ReleaseNextAsync();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _incoming.Writer.Complete();
        base.Dispose(disposing);
    }

    private async Task ReleaseNextAsync()
    {
        if (_finished) return;
        if (_replyEnds.TryDequeue(out var end))
        {
            await _incoming.Writer.WriteAsync(_capture.AsMemory(_released, end - _released));
            _released = end;
        }
        if (_replyEnds.Count == 0 && !_finished)
        {
            _finished = true;
            // No more replies to wait for: the rest of the session (its last events and notices) follows, then EOF.
            await _incoming.Writer.WriteAsync(_capture.AsMemory(_released));
            _released = _capture.Length;
            await _incoming.Writer.CompleteAsync();
        }
    }
}
