using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Support;

/// <summary>
/// Seeded generation with FsCheck's generators: every family draws its inputs from a fixed seed, so CI runs the same
/// cases every time and a failure names the seed and index that reproduce it. Network families draw all their inputs
/// up front and send them in batches; the unit families check each input as it comes.
/// </summary>
public static class Fuzz
{
    /// <summary>The generated inputs per family (issue 15 asks for at least 1,000).</summary>
    public const int Count = 1000;

    /// <summary>Size parameter of the generators: lengths of generated lists and strings grow up to it.</summary>
    public const int Size = 60;

    /// <summary>Case i is drawn from seed + i, so that any one case replays alone.</summary>
    public static IReadOnlyList<T> Sample<T>(Gen<T> gen, ulong seed, int count = Count)
        => Enumerable.Range(0, count).Select(i => Gen.Sample(gen, Size, new Rnd(seed + (ulong)i), 1)[0]).ToList();

    /// <summary>Bytes that matter to the text protocols here: separators, NUL, escapes, and bytes that are never valid UTF-8.</summary>
    private static readonly byte[] Special = [0, (byte)'\n', (byte)'\r', (byte)':', (byte)'\\', (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', 0x80, 0xC3, 0xFF, 0xFE, 0xED, 0xF0];

    public static Gen<byte> AnyByte => Gen.Frequency((3, Gen.Choose(0, 255).Select(i => (byte)i)), (2, Gen.Elements(Special)));

    public static Gen<byte[]> Bytes => Gen.ArrayOf(AnyByte);

    /// <summary>One of <paramref name="valid"/>, damaged by one to four mutations (flip, insert, delete, truncate,
    /// duplicate a slice), as a fuzzer would.</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> valid)
        => from original in Gen.Elements(valid.ToArray())
           from steps in Gen.Choose(1, 4)
           from mutations in Gen.ArrayOf(Mutation, steps)
           select mutations.Aggregate(original, (bytes, mutate) => mutate(bytes));

    private static Gen<Func<byte[], byte[]>> Mutation =>
        from kind in Gen.Choose(0, 5)
        from at in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 16)
        from value in AnyByte
        select (Func<byte[], byte[]>)(bytes =>
        {
            var list = bytes.ToList();
            var i = list.Count == 0 ? 0 : at % list.Count;
            switch (kind)
            {
                case 0 when list.Count > 0: list[i] = value; break;
                case 1: list.Insert(i, value); break;
                case 2 when list.Count > 0: list.RemoveRange(i, Math.Min(length, list.Count - i)); break;
                case 3: list.RemoveRange(i, list.Count - i); break;
                case 4 when list.Count > 0: list.InsertRange(i, list.GetRange(i, Math.Min(length, list.Count - i))); break;
                default: list.Add(value); break;
            }
            return list.ToArray();
        });

    /// <summary>Strings that are bad as field values: control characters, markup, over-long, non-numeric numbers.</summary>
    public static Gen<string> HostileString => Gen.OneOf(
        Gen.Elements("", " ", "\u0000", "a\u0001b", "\r\n", "%00", "../../etc/passwd", "<script>", "' OR 1=1 --", "NaN", "-1", "1e400",
            "99999999999999999999", "\uD800", "😀", "null", "{}", "[]"),
        Gen.Choose(257, 3000).Select(n => new string('x', n)),
        Gen.ArrayOf(Gen.Choose(0, 0x2FF).Select(c => (char)c)).Select(cs => new string(cs) + "\u0007"));

    public static string Printable(byte[] bytes)
        => bytes.Length > 200 ? Convert.ToHexString(bytes, 0, 200) + "…" : Convert.ToHexString(bytes);
}
