using System.Net;
using CallCenter.Runtime.Outbound;

namespace CallCenter.Runtime.Tests;

/// <summary>The SSRF guard's address classifier and allow-list policy (docs/security.md, "Outbound requests (SSRF)").</summary>
public sealed class OutboundAddressTests
{
    [Theory]
    // Loopback
    [InlineData("127.0.0.1", AddressCategory.Loopback)]
    [InlineData("127.255.255.254", AddressCategory.Loopback)]
    [InlineData("::1", AddressCategory.Loopback)]
    // Link-local
    [InlineData("169.254.0.1", AddressCategory.LinkLocal)]
    [InlineData("169.254.255.255", AddressCategory.LinkLocal)]
    [InlineData("fe80::1", AddressCategory.LinkLocal)]
    [InlineData("febf:ffff::1", AddressCategory.LinkLocal)]
    // Private
    [InlineData("10.0.0.1", AddressCategory.Private)]
    [InlineData("10.255.255.255", AddressCategory.Private)]
    [InlineData("172.16.0.1", AddressCategory.Private)]
    [InlineData("172.31.255.255", AddressCategory.Private)]
    [InlineData("192.168.1.1", AddressCategory.Private)]
    [InlineData("fc00::1", AddressCategory.Private)]
    [InlineData("fd12:3456::1", AddressCategory.Private)]
    [InlineData("fec0::1", AddressCategory.Private)]
    // Carrier-grade NAT
    [InlineData("100.64.0.1", AddressCategory.SharedAddressSpace)]
    [InlineData("100.127.255.255", AddressCategory.SharedAddressSpace)]
    // Unspecified, multicast, broadcast, reserved
    [InlineData("0.0.0.0", AddressCategory.Unspecified)]
    [InlineData("0.1.2.3", AddressCategory.Unspecified)]
    [InlineData("::", AddressCategory.Unspecified)]
    [InlineData("224.0.0.1", AddressCategory.Multicast)]
    [InlineData("239.255.255.255", AddressCategory.Multicast)]
    [InlineData("ff02::1", AddressCategory.Multicast)]
    [InlineData("255.255.255.255", AddressCategory.Broadcast)]
    [InlineData("240.0.0.1", AddressCategory.Reserved)]
    [InlineData("198.18.0.1", AddressCategory.Reserved)]
    [InlineData("192.0.0.8", AddressCategory.Reserved)]
    // Cloud metadata
    [InlineData("169.254.169.254", AddressCategory.Metadata)]
    [InlineData("169.254.170.2", AddressCategory.Metadata)]
    [InlineData("100.100.100.200", AddressCategory.Metadata)]
    [InlineData("fd00:ec2::254", AddressCategory.Metadata)]
    // Public: just outside each range
    [InlineData("8.8.8.8", AddressCategory.Public)]
    [InlineData("11.0.0.1", AddressCategory.Public)]
    [InlineData("172.15.255.255", AddressCategory.Public)]
    [InlineData("172.32.0.1", AddressCategory.Public)]
    [InlineData("192.169.0.1", AddressCategory.Public)]
    [InlineData("100.63.255.255", AddressCategory.Public)]
    [InlineData("100.128.0.1", AddressCategory.Public)]
    [InlineData("169.253.255.255", AddressCategory.Public)]
    [InlineData("2606:4700:4700::1111", AddressCategory.Public)]
    [InlineData("fe00::1", AddressCategory.Public)]
    public void Addresses_fall_in_their_range(string address, AddressCategory expected)
        => Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    // IPv4-mapped
    [InlineData("::ffff:127.0.0.1", AddressCategory.Loopback)]
    [InlineData("::ffff:10.1.2.3", AddressCategory.Private)]
    [InlineData("::ffff:169.254.169.254", AddressCategory.Metadata)]
    [InlineData("::ffff:192.168.0.1", AddressCategory.Private)]
    [InlineData("::ffff:100.64.0.1", AddressCategory.SharedAddressSpace)]
    [InlineData("::ffff:0.0.0.0", AddressCategory.Unspecified)]
    [InlineData("::ffff:8.8.8.8", AddressCategory.Public)]
    // IPv4-compatible, NAT64, 6to4
    [InlineData("::127.0.0.1", AddressCategory.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressCategory.Metadata)]
    [InlineData("64:ff9b::10.0.0.1", AddressCategory.Private)]
    [InlineData("2002:7f00:0001::", AddressCategory.Loopback)]
    [InlineData("2002:c0a8:0101::1", AddressCategory.Private)]
    [InlineData("2002:0808:0808::1", AddressCategory.Public)]
    public void IPv6_forms_of_an_IPv4_address_are_judged_by_it(string address, AddressCategory expected)
        => Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Fact]
    public void By_default_only_public_addresses_are_permitted()
    {
        var policy = OutboundPolicy.Create([], allowLoopback: false);
        Assert.True(policy.Permits("example.com", IPAddress.Parse("93.184.216.34"), out _));
        foreach (var forbidden in new[] { "127.0.0.1", "::1", "::ffff:127.0.0.1", "10.0.0.1", "169.254.169.254", "fe80::1", "100.64.0.1", "0.0.0.0", "224.0.0.1" })
            Assert.False(policy.Permits("example.com", IPAddress.Parse(forbidden), out _), forbidden);
    }

    [Fact]
    public void The_allow_list_admits_ranges_and_hosts_but_never_metadata()
    {
        var policy = OutboundPolicy.Create(["10.1.0.0/16", "hooks.corp", "*.internal.example", "192.168.7.7"], allowLoopback: false);
        Assert.True(policy.Permits("x", IPAddress.Parse("10.1.2.3"), out _));
        Assert.True(policy.Permits("x", IPAddress.Parse("::ffff:10.1.2.3"), out _));
        Assert.False(policy.Permits("x", IPAddress.Parse("10.2.0.1"), out _));
        Assert.True(policy.Permits("x", IPAddress.Parse("192.168.7.7"), out _));
        Assert.False(policy.Permits("x", IPAddress.Parse("192.168.7.8"), out _));
        // A host entry trusts the name whatever it resolves to…
        Assert.True(policy.Permits("hooks.corp", IPAddress.Parse("172.20.0.5"), out _));
        Assert.True(policy.Permits("HOOKS.corp.", IPAddress.Parse("127.0.0.1"), out _));
        Assert.True(policy.Permits("a.b.internal.example", IPAddress.Parse("10.9.9.9"), out _));
        Assert.False(policy.Permits("internal.example.evil", IPAddress.Parse("10.9.9.9"), out _));
        Assert.False(policy.Permits("other.corp", IPAddress.Parse("172.20.0.5"), out _));
        // …except a metadata address, which no entry opens.
        Assert.False(policy.Permits("hooks.corp", IPAddress.Parse("169.254.169.254"), out var category));
        Assert.Equal(AddressCategory.Metadata, category);
        Assert.False(OutboundPolicy.Create(["169.254.0.0/16"], allowLoopback: true).Permits("x", IPAddress.Parse("169.254.169.254"), out _));
    }

    [Fact]
    public void Loopback_switch_admits_loopback_only()
    {
        var policy = OutboundPolicy.Create([], allowLoopback: true);
        Assert.True(policy.Permits("localhost", IPAddress.Parse("127.0.0.1"), out _));
        Assert.True(policy.Permits("localhost", IPAddress.Parse("::1"), out _));
        Assert.False(policy.Permits("x", IPAddress.Parse("10.0.0.1"), out _));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData(" 192.168.1.5 ", "192.168.1.5/32")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1/32")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("Hooks.Corp", "hooks.corp")]
    [InlineData("*.corp", "*.corp")]
    public void Allow_list_entries_are_normalised(string raw, string expected)
    {
        Assert.True(OutboundPolicy.TryNormalize(raw, out var entry, out _));
        Assert.Equal(expected, entry);
    }

    [Theory]
    [InlineData("http://example.com/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("a..b")]
    [InlineData("*")]
    [InlineData("host name")]
    public void Malformed_allow_list_entries_are_refused(string raw)
        => Assert.False(OutboundPolicy.TryNormalize(raw, out _, out _));

    [Fact]
    public void Policies_with_the_same_entries_share_a_key_and_others_do_not()
    {
        Assert.Equal(OutboundPolicy.Create(["b.corp", "10.0.0.0/8"], false).Key, OutboundPolicy.Create(["10.0.0.0/8", "B.corp"], false).Key);
        Assert.NotEqual(OutboundPolicy.Create([], false).Key, OutboundPolicy.Create([], true).Key);
        Assert.NotEqual(OutboundPolicy.Create(["10.0.0.0/8"], false).Key, OutboundPolicy.Create([], false).Key);
    }
}
