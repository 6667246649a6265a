using System.Buffers.Binary;
using System.Security.Cryptography;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// The hashes Orleans' ADO.NET grain storage stores with each row (<c>@GrainIdHash</c>, <c>@GrainTypeHash</c>), computed
/// over the whole grain id — type and exact key — instead of what the provider hands the hasher.
/// </summary>
/// <remarks>
/// The provider identifies a row by the state name and the grain key only: it never passes the grain's type, and it
/// parses any key that looks hexadecimal ("1001", "cafe", "0a") into an integer, so "0a", "a" and "A" become one key.
/// With Orleans' default hasher the agent "tenant1:1001" and the extension "tenant1:1001" would share one row of state
/// "state" (Orleans issues 8746, 9706). The hashes are the only values the provider takes from a pluggable component,
/// so here both depend on the full grain id (each with the data the provider asks to hash, so they differ from each
/// other): two grains share a row only if 64 bits of SHA-256 collide. The hashes are persisted: never change this
/// function without a migration.
/// </remarks>
public sealed class GrainIdentityHasherPicker : IStorageHasherPicker
{
    public static GrainIdentityHasherPicker Instance { get; } = new();

    /// <summary>Orleans lists the hashers a picker may choose from; this one makes a hasher per grain id instead.</summary>
    public ICollection<IHasher> HashProviders { get; } = [];

    public IHasher PickHasher<T>(string serviceId, string storageProviderInstanceName, string grainType, GrainId grainId, IGrainState<T> grainState, string? tag = null)
        => new GrainIdentityHasher(grainId);

    private sealed class GrainIdentityHasher(GrainId grainId) : IHasher
    {
        public string Description => "SHA-256 of the grain type, the grain key and the data, first 32 bits";

        public int Hash(byte[] data) => Compute(grainId, data);
    }

    /// <summary>First four bytes (big-endian) of SHA-256 over the length-prefixed UTF-8 grain type, grain key and
    /// <paramref name="data"/>; the length prefixes keep ("ab", "c") apart from ("a", "bc").</summary>
    internal static int Compute(GrainId grainId, ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, grainId.Type.AsSpan());
        Append(sha, grainId.Key.AsSpan());
        Append(sha, data);
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return BinaryPrimitives.ReadInt32BigEndian(digest);

        static void Append(IncrementalHash sha, ReadOnlySpan<byte> part)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
            sha.AppendData(length);
            sha.AppendData(part);
        }
    }
}
