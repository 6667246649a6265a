namespace CallCenter.Runtime.Outbound;

/// <summary>What an IP address is, as far as a request made on a tenant's behalf is concerned.</summary>
public enum AddressCategory
{
    /// <summary>A global unicast address: reachable by anyone, so no harm in reaching it.</summary>
    Public,
    Loopback,
    /// <summary>169.254.0.0/16, fe80::/10.</summary>
    LinkLocal,
    /// <summary>10/8, 172.16/12, 192.168/16, fc00::/7 (and the deprecated site-local fec0::/10).</summary>
    Private,
    /// <summary>100.64.0.0/10, the carrier-grade NAT space.</summary>
    SharedAddressSpace,
    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,
    Multicast,
    /// <summary>255.255.255.255.</summary>
    Broadcast,
    /// <summary>Special-purpose IPv4 space that is neither of the above (192.0.0/24, 198.18/15, 240/4, the
    /// documentation networks).</summary>
    Reserved,
    /// <summary>A cloud instance-metadata endpoint (169.254.169.254, fd00:ec2::254, 100.100.100.200): never reachable,
    /// whatever the allow-list says.</summary>
    Metadata,
}
