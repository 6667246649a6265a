using System.Net;

namespace CallCenter.Runtime.Outbound;

/// <summary>
/// Which addresses a request made on one tenant's behalf may reach: every public address; loopback when
/// <see cref="AllowLoopback"/> (tests, the embedded demo); and private, link-local, shared or reserved addresses only
/// through the allow-list — CIDR ranges (matched against the resolved address) or host names (<c>hooks.corp</c>, or
/// <c>*.corp</c> for its subdomains, matched against the URL's host, whatever it resolves to). Cloud metadata addresses
/// are never reachable: no tenant has business with the instance's credentials.
/// </summary>
public sealed class OutboundPolicy
{
    private readonly List<IPNetwork> _networks = [];
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];

    private OutboundPolicy(bool allowLoopback) => AllowLoopback = allowLoopback;

    public bool AllowLoopback { get; }

    /// <summary>The same text for the same policy: requests under one policy share connections, never with another.</summary>
    public string Key { get; private set; } = "";

    public static OutboundPolicy DenyAll { get; } = Create([], allowLoopback: false);

    /// <summary>A policy from allow-list entries already checked by <see cref="TryNormalize"/> (others are skipped).</summary>
    public static OutboundPolicy Create(IEnumerable<string> entries, bool allowLoopback)
    {
        var policy = new OutboundPolicy(allowLoopback);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in entries)
        {
            if (!TryNormalize(raw, out var entry, out _)) continue;
            if (!keys.Add(entry)) continue;
            if (IPNetwork.TryParse(entry, out var network)) policy._networks.Add(network);
            else if (entry.StartsWith("*.", StringComparison.Ordinal)) policy._suffixes.Add(entry[1..]);
            else policy._hosts.Add(entry);
        }
        policy.Key = (allowLoopback ? "loopback;" : ";") + string.Join(",", keys);
        return policy;
    }

    /// <summary>An allow-list entry in its stored form: a CIDR range (a single address becomes a host-length range), a
    /// lower-case host name, or <c>*.</c> and a domain.</summary>
    public static bool TryNormalize(string raw, out string entry, out string? error)
    {
        entry = raw.Trim();
        error = null;
        if (IPAddress.TryParse(entry, out var address))
        {
            address = AddressClassifier.Unwrap(address);
            entry = new IPNetwork(address, address.GetAddressBytes().Length * 8).ToString();
            return true;
        }
        if (IPNetwork.TryParse(entry, out var network))
        {
            entry = network.ToString();
            return true;
        }
        var host = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        if (host.Length is > 0 and <= 253 && host.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            entry = entry.ToLowerInvariant();
            return true;
        }
        error = $"'{(entry.Length > 60 ? entry[..60] + "…" : entry)}' is neither an IP address, a CIDR range nor a host name";
        return false;
    }

    /// <summary>Whether a request to <paramref name="host"/> may connect to <paramref name="address"/> (one it resolved to).</summary>
    public bool Permits(string host, IPAddress address, out AddressCategory category)
    {
        address = AddressClassifier.Unwrap(address);
        category = AddressClassifier.Classify(address);
        return category switch
        {
            AddressCategory.Public => true,
            AddressCategory.Metadata => false,
            AddressCategory.Loopback when AllowLoopback => true,
            _ => HostAllowed(host) || _networks.Exists(n => n.Contains(address)),
        };
    }

    private bool HostAllowed(string host)
    {
        host = host.TrimEnd('.');
        return _hosts.Contains(host) || _suffixes.Exists(s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }
}
