using CallCenter.Management.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Accounts;

/// <summary>
/// One tenant's recently used signatures (see <see cref="ISignatureReplayGrain"/>): a set, and a queue ordered by expiry
/// that prunes it on every use. Not persisted: a signature lives at most one window (minutes), and writing every signed
/// request to storage would cost more than what it protects against after a silo failure. The activation stays while it
/// remembers anything, so idle collection does not forget a live signature.
/// </summary>
[GrainType("mgmt-signature-replay")]
public sealed class SignatureReplayGrain(
    IOptions<ManagementGrainOptions> options,
    TimeProvider clock,
    ILogger<SignatureReplayGrain> log) : Grain, ISignatureReplayGrain
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();
    private bool _fullReported;

    public Task<SignatureUseVerdict> TryUseAsync(SignatureUse use)
    {
        var now = clock.GetUtcNow();
        while (_expiries.TryPeek(out var signature, out var expires) && expires <= now)
        {
            _expiries.Dequeue();
            _seen.Remove(signature);
        }
        if (_seen.Contains(use.Signature)) return Task.FromResult(SignatureUseVerdict.Replayed);
        if (_seen.Count >= Math.Max(1, options.Value.ReplayGuardCapacity))
        {
            if (!_fullReported) log.LogWarning("Signature replay guard of {Key} is full ({Count}): signed requests are refused until older signatures expire", this.GetPrimaryKeyString(), _seen.Count);
            _fullReported = true;
            return Task.FromResult(SignatureUseVerdict.Full);
        }
        _fullReported = false;
        _seen.Add(use.Signature);
        _expiries.Enqueue(use.Signature, use.ExpiresAt);
        var keep = use.ExpiresAt - now;
        if (keep > TimeSpan.Zero) DelayDeactivation(keep);
        return Task.FromResult(SignatureUseVerdict.First);
    }
}
