namespace CallCenter.Grains.Security;

/// <summary>
/// Encrypts secrets that must be recoverable (SIP passwords handed back to their owner, API secrets that an MD5 signature
/// scheme needs in clear on the server) before they reach storage. Secrets that only need checking should be hashed
/// instead.
/// </summary>
public interface ISecretProtector
{
    string Protect(string secret);

    /// <exception cref="System.Security.Cryptography.CryptographicException">Tampered, or encrypted under an unknown key.</exception>
    string Unprotect(string protectedSecret);
}
