namespace CallCenter.Management.Accounts;

/// <summary>
/// The signatures one tenant's management requests used recently, each kept until its timestamp's acceptance window has
/// passed: one activation in the cluster, so a signature used on one edge is refused on every other. In memory only
/// (a silo failure forgets the set; docs/security.md). Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.accounts.ISignatureReplayGrain")]
public interface ISignatureReplayGrain : IGrainWithStringKey
{
    /// <summary>Records a use of the signature.</summary>
    /// <returns>Whether this is its first use within its window (or the set is full).</returns>
    Task<SignatureUseVerdict> TryUseAsync(SignatureUse use);

    public static string KeyFor(string tenantId) => ManagementKeys.SignatureReplay(tenantId);
}

/// <param name="Signature">Identifies the signature (account, timestamp and sign, normalised by the edge).</param>
/// <param name="ExpiresAt">When the timestamp leaves the acceptance window; the entry is forgotten then.</param>
[GenerateSerializer, Immutable, Alias("management.accounts.SignatureUse")]
public sealed record SignatureUse(string Signature, DateTimeOffset ExpiresAt);

[GenerateSerializer, Alias("management.accounts.SignatureUseVerdict")]
public enum SignatureUseVerdict
{
    First,
    Replayed,
    /// <summary>More signatures within the window than the set holds: refused rather than forgotten early.</summary>
    Full,
}
