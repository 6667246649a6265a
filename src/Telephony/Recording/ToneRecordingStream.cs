using System.Buffers.Binary;

namespace CallCenter.Telephony.Recording;

/// <summary>
/// A WAV file of a given length generated on the fly: the header, then a quiet 400 Hz tone (or silence). The simulated
/// network has no real audio, but downstream code (players, transcoders, the management API's recording download) must
/// get a valid file whose length matches the call, without the simulator holding minutes of audio in memory.
/// </summary>
public sealed class ToneRecordingStream : Stream
{
    // 400 Hz at 8 kHz is exactly 20 samples per period, so one precomputed period (40 bytes) repeats seamlessly.
    private const int PeriodBytes = 40;
    private const double Amplitude = 1000; // about -30 dBFS: audible as "there is audio" without being unpleasant
    private static readonly byte[] TonePeriod = BuildTonePeriod();

    private readonly byte[] _header = new byte[WaveHeader.Size];
    private readonly bool _tone;
    private readonly long _length;
    private long _position;

    public ToneRecordingStream(TimeSpan duration, bool tone = true)
    {
        var samples = (long)Math.Round(Math.Max(0, duration.TotalSeconds) * WaveHeader.TelephonySampleRate);
        // RIFF sizes are 32-bit; no recording of a telephone call gets near 74 hours, but never write a corrupt header.
        var dataLength = (uint)Math.Min(samples * 2, uint.MaxValue - 36 - 1);
        Header = WaveHeader.Telephony(dataLength);
        Header.WriteTo(_header);
        _tone = tone;
        _length = WaveHeader.Size + dataLength;
    }

    public WaveHeader Header { get; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = (int)Math.Min(buffer.Length, _length - _position);
        var written = 0;
        while (written < total)
        {
            if (_position < WaveHeader.Size)
            {
                var n = (int)Math.Min(total - written, WaveHeader.Size - _position);
                _header.AsSpan((int)_position, n).CopyTo(buffer[written..]);
                written += n;
                _position += n;
                continue;
            }
            var dataOffset = _position - WaveHeader.Size;
            var phase = (int)(dataOffset % PeriodBytes);
            var chunk = Math.Min(total - written, PeriodBytes - phase);
            if (_tone) TonePeriod.AsSpan(phase, chunk).CopyTo(buffer[written..]);
            else buffer.Slice(written, chunk).Clear();
            written += chunk;
            _position += chunk;
        }
        return written;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] BuildTonePeriod()
    {
        var period = new byte[PeriodBytes];
        for (var i = 0; i < PeriodBytes / 2; i++)
        {
            var sample = (short)Math.Round(Amplitude * Math.Sin(2 * Math.PI * i / (PeriodBytes / 2)));
            BinaryPrimitives.WriteInt16LittleEndian(period.AsSpan(i * 2), sample);
        }
        return period;
    }
}
