using System.Security.Cryptography;
using System.Text;
using CallCenter.Storage.Postgres.AdoNet;
using Orleans;
using Orleans.Runtime;

namespace CallCenter.Storage.Tests.Postgres;

/// <summary>The hashes Orleans' ADO.NET grain storage keys rows by. They are persisted, so the function is pinned here.</summary>
public sealed class GrainIdentityHasherPickerTests
{
    private static int Hash(GrainId grainId, string data)
        => GrainIdentityHasherPicker.Instance.PickHasher("service", "Default", "state", grainId, new GrainState<object>())!.Hash(Encoding.UTF8.GetBytes(data));

    [Fact]
    public void The_hash_is_the_first_32_bits_of_sha256_over_the_length_prefixed_type_key_and_data()
    {
        byte[] input = [0, 0, 0, 5, .. "agent"u8, 0, 0, 0, 12, .. "tenant1:1001"u8, 0, 0, 0, 5, .. "state"u8];
        var digest = SHA256.HashData(input);
        var expected = (digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3];

        Assert.Equal(expected, Hash(GrainId.Create("agent", "tenant1:1001"), "state"));
    }

    [Fact]
    public void Grains_of_different_types_or_with_keys_orleans_parses_alike_hash_apart()
    {
        GrainId[] grains =
        [
            GrainId.Create("agent", "tenant1:1001"), GrainId.Create("extension", "tenant1:1001"),
            GrainId.Create("number", "0a"), GrainId.Create("number", "a"), GrainId.Create("number", "A"),
            GrainId.Create("ab", "c"), GrainId.Create("a", "bc"),
        ];

        Assert.Equal(grains.Length, grains.Select(g => Hash(g, "key bytes")).Distinct().Count());
    }

    [Fact]
    public void The_two_hashes_the_provider_asks_for_differ_so_together_they_discriminate_64_bits()
    {
        var grainId = GrainId.Create("agent", "tenant1:1001");

        Assert.NotEqual(Hash(grainId, "tenant1:1001"), Hash(grainId, "state"));
        Assert.Equal(Hash(grainId, "state"), Hash(grainId, "state"));
    }
}
