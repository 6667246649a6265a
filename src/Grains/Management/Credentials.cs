using System.Security.Cryptography;

namespace CallCenter.Grains.Management;

/// <summary>Random secrets the management area generates: SIP passwords, project certificates, API secrets, webhook keys.</summary>
internal static class Credentials
{
    // No look-alike characters (0/O, 1/l/I): SIP passwords are sometimes typed into desk phones by hand.
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>20 characters from a 56-symbol alphabet: about 116 bits, far beyond what SIP digest guessing can reach.</summary>
    public static string SipPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 20);

    /// <summary>32 upper-case hex characters (128 bits), the shape of the spec's certificate example.</summary>
    public static string Certificate() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>32 lower-case hex characters (128 bits).</summary>
    public static string ApiSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>256-bit HMAC key, base64.</summary>
    public static string WebhookKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
