using System.Buffers.Binary;

namespace CallCenter.Telephony.Recording;

/// <summary>
/// The canonical 44-byte header of a PCM WAV file (RIFF, "fmt " chunk, "data" chunk). Recordings are written as telephony
/// audio: 8 kHz, mono, 16-bit signed little-endian PCM.
/// </summary>
public sealed record WaveHeader(int SampleRate, short Channels, short BitsPerSample, uint DataLength)
{
    public const int Size = 44;
    public const int TelephonySampleRate = 8000;

    public static WaveHeader Telephony(uint dataLength) => new(TelephonySampleRate, 1, 16, dataLength);

    public int BlockAlign => Channels * BitsPerSample / 8;
    public int ByteRate => SampleRate * BlockAlign;
    public TimeSpan Duration => TimeSpan.FromSeconds((double)DataLength / ByteRate);

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("a WAV header needs 44 bytes", nameof(destination));
        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], 36 + DataLength);
        "WAVE"u8.CopyTo(destination[8..]);
        "fmt "u8.CopyTo(destination[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(destination[22..], Channels);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], ByteRate);
        BinaryPrimitives.WriteInt16LittleEndian(destination[32..], (short)BlockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(destination[34..], BitsPerSample);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], DataLength);
    }

    /// <summary>Reads and checks a canonical PCM header; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static WaveHeader Parse(ReadOnlySpan<byte> header)
    {
        if (header.Length < Size) throw new InvalidDataException("shorter than a WAV header");
        if (!header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8)) throw new InvalidDataException("not a RIFF/WAVE file");
        if (!header[12..16].SequenceEqual("fmt "u8) || BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != 16) throw new InvalidDataException("no canonical fmt chunk");
        if (BinaryPrimitives.ReadUInt16LittleEndian(header[20..]) != 1) throw new InvalidDataException("not PCM");
        if (!header[36..40].SequenceEqual("data"u8)) throw new InvalidDataException("no data chunk after fmt");
        var parsed = new WaveHeader(
            BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
            BinaryPrimitives.ReadInt16LittleEndian(header[22..]),
            BinaryPrimitives.ReadInt16LittleEndian(header[34..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[40..]));
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != 36 + parsed.DataLength) throw new InvalidDataException("RIFF size disagrees with the data length");
        if (BinaryPrimitives.ReadInt32LittleEndian(header[28..]) != parsed.ByteRate) throw new InvalidDataException("byte rate disagrees with the format");
        return parsed;
    }
}
