using System.Net;
using System.Net.Sockets;

namespace CallCenter.Runtime.Outbound;

/// <summary>
/// Sorts an address into <see cref="AddressCategory"/>. IPv6 forms that carry an IPv4 address (IPv4-mapped
/// <c>::ffff:a.b.c.d</c>, IPv4-compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::a.b.c.d</c>, 6to4 <c>2002:aabb:ccdd::</c>)
/// are judged by that IPv4 address: otherwise <c>::ffff:127.0.0.1</c> would be a way round every rule.
/// </summary>
public static class AddressClassifier
{
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure, GCP, OpenStack, Oracle, DigitalOcean
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS over IPv6
    ];

    private static readonly (IPNetwork Network, AddressCategory Category)[] V4Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressCategory.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), AddressCategory.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressCategory.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), AddressCategory.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressCategory.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressCategory.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressCategory.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressCategory.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressCategory.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressCategory.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), AddressCategory.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressCategory.Reserved),
    ];

    private static readonly (IPNetwork Network, AddressCategory Category)[] V6Ranges =
    [
        (IPNetwork.Parse("::1/128"), AddressCategory.Loopback),
        (IPNetwork.Parse("::/128"), AddressCategory.Unspecified),
        (IPNetwork.Parse("fe80::/10"), AddressCategory.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressCategory.Private),
        (IPNetwork.Parse("fc00::/7"), AddressCategory.Private),
        (IPNetwork.Parse("ff00::/8"), AddressCategory.Multicast),
        (IPNetwork.Parse("100::/64"), AddressCategory.Reserved),     // discard-only
        (IPNetwork.Parse("2001:db8::/32"), AddressCategory.Reserved), // documentation
    ];

    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static AddressCategory Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedV4(address) is { } v4) address = v4;
        if (Array.Exists(MetadataAddresses, m => m.Equals(address))) return AddressCategory.Metadata;
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? V4Ranges : V6Ranges;
        foreach (var (network, category) in ranges)
        {
            if (network.Contains(address)) return category;
        }
        return AddressCategory.Public;
    }

    /// <summary>The address a request to <paramref name="address"/> really reaches, for IPv6 forms wrapping an IPv4 one.</summary>
    public static IPAddress Unwrap(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedV4(address) is { } v4 ? v4 : address;

    private static IPAddress? EmbeddedV4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        // ::/96 holds :: and ::1 too, which are IPv6's own unspecified and loopback addresses.
        if (Compatible.Contains(address) && !address.Equals(IPAddress.IPv6None) && !address.Equals(IPAddress.IPv6Loopback)) return new IPAddress(bytes.AsSpan(12, 4));
        if (Nat64.Contains(address)) return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address)) return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }
}
