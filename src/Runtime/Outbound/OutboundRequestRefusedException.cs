namespace CallCenter.Runtime.Outbound;

/// <summary>A connection the outbound policy refused: <see cref="Host"/> resolved only to addresses of
/// <see cref="Category"/> (or others the tenant may not reach). Carries no URL path or query, which may hold secrets.</summary>
public sealed class OutboundRequestRefusedException(string host, AddressCategory category)
    : Exception($"outbound request to {host} refused: it resolves to a {Describe(category)} address")
{
    public string Host { get; } = host;

    public AddressCategory Category { get; } = category;

    public static string Describe(AddressCategory category) => category switch
    {
        AddressCategory.LinkLocal => "link-local",
        AddressCategory.SharedAddressSpace => "shared (CGNAT)",
        AddressCategory.Metadata => "cloud metadata",
        _ => category.ToString().ToLowerInvariant(),
    };
}
