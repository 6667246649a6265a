using System.Buffers.Binary;

namespace CallCenter.Telephony;

/// <summary>What a WAV file holds, as far as playing it into a call is concerned.</summary>
public sealed record WaveFormat(WaveCodec Codec, int SampleRate, short Channels, short BitsPerSample, long DataLength)
{
    public int ByteRate => SampleRate * Channels * BitsPerSample / 8;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)DataLength / ByteRate);
}

public enum WaveCodec { Pcm = 1, ALaw = 6, MuLaw = 7 }

/// <summary>The outcome of <see cref="WaveFormatInspector.Inspect"/>: a format, or the reason the file is refused.</summary>
public sealed record WaveInspection(WaveFormat? Format, string? Refusal)
{
    public bool Ok => Format is not null;
}

/// <summary>
/// Checks that bytes uploaded as a voice prompt are a WAV file the switch can play into a telephone call
/// (docs/management-api.md, "Voices"): RIFF/WAVE whose declared size is the file's, a <c>fmt </c> chunk with a
/// telephony codec (linear PCM 8/16-bit at 8 or 16 kHz, or G.711 A-law/µ-law at 8 kHz), mono, with consistent block
/// alignment, and a <c>data</c> chunk that lies inside the file and holds whole samples. Anything else (WAVE_FORMAT_EXTENSIBLE,
/// compressed codecs, stereo, a truncated upload) is refused with a reason, before anything is stored.
/// </summary>
public static class WaveFormatInspector
{
    /// <summary>Bytes an upload must let the inspector see: every chunk before <c>data</c> must lie within them.</summary>
    public const int HeadBytes = 64 * 1024;

    /// <param name="head">The first bytes of the file (up to <see cref="HeadBytes"/>, or all of it).</param>
    /// <param name="fileLength">The whole file's length.</param>
    public static WaveInspection Inspect(ReadOnlySpan<byte> head, long fileLength)
    {
        if (fileLength < 12 || head.Length < 12) return Refuse("too short for a RIFF header");
        if (!head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8)) return Refuse("not a RIFF/WAVE file");
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        // A writer may pad the RIFF chunk to even length without counting the pad byte.
        if (riffEnd != fileLength && riffEnd + 1 != fileLength) return Refuse($"the RIFF header declares {riffEnd} bytes but the file has {fileLength}");

        WaveFormat? format = null;
        var position = 12L;
        while (true)
        {
            if (position + 8 > riffEnd) return Refuse(format is null ? "no 'fmt ' chunk" : "no 'data' chunk");
            if (position + 8 > head.Length) return Refuse("the 'data' chunk starts too far into the file");
            var chunk = head.Slice((int)position, 8);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var body = position + 8;
            if (body + size > riffEnd) return Refuse($"chunk '{Printable(chunk[..4])}' runs past the end of the file");

            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (format is not null) return Refuse("two 'fmt ' chunks");
                if (size < 16) return Refuse("'fmt ' chunk too short");
                if (body + 16 > head.Length) return Refuse("the 'fmt ' chunk starts too far into the file");
                var refusal = ReadFormat(head.Slice((int)body, 16), out format);
                if (refusal is not null) return Refuse(refusal);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (format is null) return Refuse("'data' chunk before the 'fmt ' chunk");
                if (size == 0) return Refuse("the 'data' chunk is empty");
                var blockAlign = format.Channels * format.BitsPerSample / 8;
                if (size % blockAlign != 0) return Refuse($"the 'data' chunk ({size} bytes) does not hold whole samples of {blockAlign} bytes");
                return new WaveInspection(format with { DataLength = size }, null);
            }
            position = body + size + (size & 1);
        }
    }

    private static string? ReadFormat(ReadOnlySpan<byte> fmt, out WaveFormat? format)
    {
        format = null;
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadInt16LittleEndian(fmt[2..]);
        var rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
        var byteRate = BinaryPrimitives.ReadInt32LittleEndian(fmt[8..]);
        var blockAlign = BinaryPrimitives.ReadInt16LittleEndian(fmt[12..]);
        var bits = BinaryPrimitives.ReadInt16LittleEndian(fmt[14..]);
        WaveCodec codec;
        switch (tag)
        {
            case (ushort)WaveCodec.Pcm when bits is 8 or 16:
                if (rate is not (8000 or 16000)) return $"PCM at {rate} Hz (supported: 8000, 16000)";
                codec = WaveCodec.Pcm;
                break;
            case (ushort)WaveCodec.Pcm:
                return $"{bits}-bit PCM (supported: 8, 16)";
            case (ushort)WaveCodec.ALaw or (ushort)WaveCodec.MuLaw:
                if (bits != 8) return $"G.711 with {bits} bits per sample (must be 8)";
                if (rate != 8000) return $"G.711 at {rate} Hz (must be 8000)";
                codec = (WaveCodec)tag;
                break;
            default:
                return $"codec 0x{tag:x4} (supported: PCM, A-law, µ-law)";
        }
        if (channels != 1) return $"{channels} channels (must be mono)";
        if (blockAlign != channels * bits / 8 || byteRate != rate * blockAlign) return "inconsistent block alignment or byte rate";
        format = new WaveFormat(codec, rate, channels, bits, 0);
        return null;
    }

    private static WaveInspection Refuse(string reason) => new(null, reason);

    private static string Printable(ReadOnlySpan<byte> id)
    {
        Span<char> text = stackalloc char[id.Length];
        for (var i = 0; i < id.Length; i++) text[i] = id[i] is >= 0x20 and < 0x7f ? (char)id[i] : '?';
        return new string(text);
    }
}
