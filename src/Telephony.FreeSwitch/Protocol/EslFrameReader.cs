using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Cuts the byte stream of an event socket into <see cref="EslFrame"/>s. Copes with messages split across reads and
/// several messages in one read; refuses oversized header blocks and bodies (<see cref="EslFrameLimits"/>); and at the
/// end of the stream either reports a clean end (<c>null</c>) or, if a message was cut short, throws
/// <see cref="EslProtocolException"/> — it never waits for bytes that cannot come.
/// </summary>
public sealed class EslFrameReader
{
    private readonly PipeReader _reader;
    private readonly EslFrameLimits _limits;

    public EslFrameReader(PipeReader reader, EslFrameLimits? limits = null)
    {
        _reader = reader;
        _limits = limits ?? EslFrameLimits.Default;
    }

    public EslFrameReader(Stream stream, EslFrameLimits? limits = null)
        : this(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), limits)
    {
    }

    /// <returns>The next message, or null when the stream ended cleanly between messages.</returns>
    public async ValueTask<EslFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled) throw new OperationCanceledException("frame read was cancelled");
            var buffer = result.Buffer;
            var parse = TryParse(buffer, _limits);
            if (parse.Frame is not null)
            {
                _reader.AdvanceTo(parse.Consumed);
                return parse.Frame;
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                if (parse.Incomplete is null) return null;
                throw new EslProtocolException($"the stream ended in the middle of a message: {parse.Incomplete}");
            }
            // Leading blank lines are dropped; everything else is kept until the message is complete.
            _reader.AdvanceTo(parse.Consumed, buffer.End);
        }
    }

    private readonly record struct ParseResult(EslFrame? Frame, SequencePosition Consumed, string? Incomplete);

    private static ParseResult TryParse(ReadOnlySequence<byte> buffer, EslFrameLimits limits)
    {
        var reader = new SequenceReader<byte>(buffer);
        // FreeSWITCH itself skips stray line breaks between messages; so do we.
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        var start = reader.Position;
        var startOffset = reader.Consumed;
        if (reader.End) return new ParseResult(null, start, null);

        SequencePosition? headerEnd = null;
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (reader.Consumed - startOffset > limits.MaxHeaderBlockBytes) throw HeaderTooLarge(limits);
            if (line.IsEmpty || line is { Length: 1 } && line.FirstSpan[0] == (byte)'\r')
            {
                headerEnd = reader.Position;
                break;
            }
        }
        if (headerEnd is null)
        {
            var pending = buffer.Length - startOffset;
            if (pending > limits.MaxHeaderBlockBytes) throw HeaderTooLarge(limits);
            return new ParseResult(null, start, $"header block incomplete after {pending} bytes");
        }

        var headerBytes = buffer.Slice(start, headerEnd.Value);
        var headers = EslHeaderBlock.Parse(Decode(headerBytes), urlDecodeValues: true);
        if (headers.Count == 0) throw new EslProtocolException("empty header block");

        string? body = null;
        if (headers.TryGetValue(EslHeaders.ContentLength, out var lengthText))
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new EslProtocolException($"invalid Content-Length '{EslHeaderBlock.Preview(lengthText)}'");
            }
            if (length > limits.MaxBodyBytes)
            {
                throw new EslProtocolException($"Content-Length {length} exceeds the limit of {limits.MaxBodyBytes} bytes");
            }
            if (reader.Remaining < length)
            {
                return new ParseResult(null, start, $"body incomplete: {reader.Remaining} of {length} bytes");
            }
            var bodyBytes = buffer.Slice(headerEnd.Value, length);
            body = Decode(bodyBytes);
            reader.Advance(length);
        }
        return new ParseResult(new EslFrame(headers, body), reader.Position, null);
    }

    private static string Decode(ReadOnlySequence<byte> bytes) =>
        bytes.IsSingleSegment ? Encoding.UTF8.GetString(bytes.FirstSpan) : Encoding.UTF8.GetString(bytes.ToArray());

    private static EslProtocolException HeaderTooLarge(EslFrameLimits limits) =>
        new($"header block exceeds the limit of {limits.MaxHeaderBlockBytes} bytes");
}
