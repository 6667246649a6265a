using System.Buffers.Binary;
using CallCenter.Telephony.Recording;

namespace CallCenter.Telephony.Tests;

/// <summary>Which uploads count as playable telephony WAV files, and the reason given for each that does not.</summary>
public sealed class WaveFormatInspectorTests
{
    /// <summary>A WAV built chunk by chunk, so each test can break one thing.</summary>
    public static byte[] Wave(ushort codec = 1, short channels = 1, int rate = 8000, short bits = 16, int dataBytes = 1600,
        int? riffSize = null, int? dataSize = null, int? blockAlign = null, bool listBeforeData = false, bool fmt = true, int trailing = 0)
    {
        var chunks = new List<byte>();
        void Chunk(string id, byte[] body, int? declared = null)
        {
            chunks.AddRange(System.Text.Encoding.ASCII.GetBytes(id));
            var size = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, declared ?? body.Length);
            chunks.AddRange(size);
            chunks.AddRange(body);
            if (body.Length % 2 == 1) chunks.Add(0);
        }
        if (fmt)
        {
            var f = new byte[16];
            var align = blockAlign ?? channels * bits / 8;
            BinaryPrimitives.WriteUInt16LittleEndian(f, codec);
            BinaryPrimitives.WriteInt16LittleEndian(f.AsSpan(2), channels);
            BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(4), rate);
            BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(8), rate * align);
            BinaryPrimitives.WriteInt16LittleEndian(f.AsSpan(12), (short)align);
            BinaryPrimitives.WriteInt16LittleEndian(f.AsSpan(14), bits);
            Chunk("fmt ", f);
        }
        if (listBeforeData) Chunk("LIST", new byte[7]);
        Chunk("data", new byte[dataBytes], dataSize);
        var file = new List<byte>();
        file.AddRange("RIFF"u8.ToArray());
        var riff = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(riff, riffSize ?? 4 + chunks.Count);
        file.AddRange(riff);
        file.AddRange("WAVE"u8.ToArray());
        file.AddRange(chunks);
        file.AddRange(new byte[trailing]);
        return [.. file];
    }

    private static WaveInspection Inspect(byte[] file) => WaveFormatInspector.Inspect(file, file.Length);

    [Theory]
    [InlineData(1, 8000, 16)]
    [InlineData(1, 16000, 16)]
    [InlineData(1, 8000, 8)]
    [InlineData(6, 8000, 8)]
    [InlineData(7, 8000, 8)]
    public void Telephony_formats_are_accepted(ushort codec, int rate, short bits)
    {
        var inspection = Inspect(Wave(codec, rate: rate, bits: bits));
        Assert.True(inspection.Ok, inspection.Refusal);
        Assert.Equal((WaveCodec)codec, inspection.Format!.Codec);
        Assert.Equal(1600, inspection.Format.DataLength);
        Assert.Equal(TimeSpan.FromSeconds(1600.0 / (rate * bits / 8)), inspection.Format.Duration);
    }

    [Fact]
    public void The_recordings_header_we_write_is_accepted_and_other_chunks_are_skipped()
    {
        var file = new byte[WaveHeader.Size + 320];
        WaveHeader.Telephony(320).WriteTo(file);
        Assert.True(Inspect(file).Ok);
        Assert.True(Inspect(Wave(listBeforeData: true)).Ok);
    }

    public static TheoryData<byte[], string> Refused() => new()
    {
        { [], "too short" },
        { "RIFX\0\0\0\0WAVEfmt "u8.ToArray(), "not a RIFF/WAVE" },
        { "RIFF\u0004\0\0\0AVI "u8.ToArray(), "not a RIFF/WAVE" },
        { Wave(riffSize: 10_000), "declares" },
        { Wave(trailing: 100), "declares" },
        { Wave(fmt: false), "'data' chunk before the 'fmt ' chunk" },
        { Wave(codec: 0x55), "codec 0x0055" },
        { Wave(codec: 0xFFFE), "codec 0xfffe" },
        { Wave(bits: 24, dataBytes: 1602), "24-bit PCM" },
        { Wave(rate: 44100), "44100 Hz" },
        { Wave(codec: 6, rate: 16000, bits: 8), "G.711 at 16000 Hz" },
        { Wave(codec: 7, bits: 16), "G.711 with 16 bits" },
        { Wave(channels: 2), "2 channels" },
        { Wave(blockAlign: 4), "inconsistent block alignment" },
        { Wave(dataSize: 5000), "runs past the end" },
        { Wave(dataBytes: 0), "empty" },
        { Wave(dataBytes: 1601), "whole samples" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Anything_else_is_refused_with_a_reason(byte[] file, string reason)
    {
        var inspection = Inspect(file);
        Assert.False(inspection.Ok);
        Assert.Contains(reason, inspection.Refusal);
    }

    [Fact]
    public void A_file_without_a_data_chunk_is_refused()
    {
        var file = Wave();
        var truncated = file[..36];
        BinaryPrimitives.WriteInt32LittleEndian(truncated.AsSpan(4), truncated.Length - 8);
        Assert.Contains("no 'data' chunk", Inspect(truncated).Refusal);
    }
}
