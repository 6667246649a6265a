using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Security;

/// <summary>Keys of <see cref="ILoginThrottleGrain"/>, built in one place. A claimant is what a client says it is (an
/// account, a STOMP login) together with where it calls from, so one attacker cannot lock a real user out from another
/// address; an address as a whole is also counted, with a higher threshold, against guessing across many names. The
/// claimed name is hashed: it may be a mistyped secret.</summary>
public static class LoginThrottleKeys
{
    private const string Prefix = "_login/";
    private const string AddressKind = "address";

    /// <param name="surface">Which login: "management", "opr", "platform", "stomp", …</param>
    public static string Claimant(string surface, string? claimedName, IPAddress? address)
        => $"{Prefix}{surface}/{Hash(claimedName ?? "")}@{Normalise(address)}";

    public static string Address(IPAddress? address) => $"{Prefix}{AddressKind}@{Normalise(address)}";

    public static bool IsAddressKey(string key) => key.StartsWith(Prefix + AddressKind + "@", StringComparison.Ordinal);

    private static string Normalise(IPAddress? address)
        => address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
