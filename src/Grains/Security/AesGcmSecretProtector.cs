using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Security;

/// <summary>
/// AES-256-GCM: confidentiality and tamper detection. Output "enc:v1:{keyId}:{base64(nonce|tag|ciphertext)}", where keyId
/// names the key (first bytes of its SHA-256) so a later rotation can tell which key a value needs.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const string Prefix = "enc:v1:";
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _key;
    private readonly string _keyId;

    public AesGcmSecretProtector(IOptions<SecretProtectionOptions> options)
    {
        _key = LoadKey(options.Value);
        _keyId = Convert.ToHexStringLower(SHA256.HashData(_key).AsSpan(0, 4));
    }

    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(_keyId));
        return $"{Prefix}{_keyId}:{Convert.ToBase64String(output)}";
    }

    public string Unprotect(string protectedSecret)
    {
        if (!protectedSecret.StartsWith(Prefix, StringComparison.Ordinal)) throw new CryptographicException("not a protected secret");
        var rest = protectedSecret.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0 || !rest[..colon].SequenceEqual(_keyId)) throw new CryptographicException("secret was protected with another key");
        var data = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        if (data.Length < NonceSize + TagSize) throw new CryptographicException("protected secret is truncated");
        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plain, Encoding.ASCII.GetBytes(_keyId));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] LoadKey(SecretProtectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.SecretKey)) return Validate(Convert.FromBase64String(options.SecretKey), "Security:SecretKey");
        if (string.IsNullOrEmpty(options.SecretKeyFile))
            throw new InvalidOperationException("no secret key: set Security:SecretKey (base64, 32 bytes) or Security:SecretKeyFile");
        if (File.Exists(options.SecretKeyFile)) return Validate(Convert.FromBase64String(File.ReadAllText(options.SecretKeyFile).Trim()), options.SecretKeyFile);

        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.SecretKeyFile))!);
        var temp = options.SecretKeyFile + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Another process may have created it meanwhile: the first one wins and everyone reads that.
        try { File.Move(temp, options.SecretKeyFile, overwrite: false); }
        catch (IOException) { File.Delete(temp); }
        return Validate(Convert.FromBase64String(File.ReadAllText(options.SecretKeyFile).Trim()), options.SecretKeyFile);
    }

    private static byte[] Validate(byte[] key, string source)
        => key.Length == 32 ? key : throw new InvalidOperationException($"the secret key from {source} must be 32 bytes (base64), not {key.Length}");
}
