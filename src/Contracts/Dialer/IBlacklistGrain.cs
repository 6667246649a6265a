
namespace CallCenter.Dialer;

/// <summary>
/// A tenant's blacklist: numbers no task ever dials (the management API has none; OLA's special_phone will reuse it).
/// Key: <see cref="DialerKeys.Blacklist"/>.
/// </summary>
[Alias("dialer.IBlacklistGrain")]
public interface IBlacklistGrain : IGrainWithStringKey
{
    /// <returns>How many were new.</returns>
    Task<int> AddAsync(IReadOnlyList<string> numbers);

    /// <returns>How many were removed.</returns>
    Task<int> RemoveAsync(IReadOnlyList<string> numbers);

    Task<BlacklistPage> ListAsync(int page, int pageSize);

    /// <summary>The ones of <paramref name="numbers"/> that are blacklisted.</summary>
    Task<IReadOnlyList<string>> FilterBlockedAsync(IReadOnlyList<string> numbers);
}

[GenerateSerializer, Immutable, Alias("dialer.BlacklistPage")]
public sealed record BlacklistPage(long Total, IReadOnlyList<string> Numbers);
