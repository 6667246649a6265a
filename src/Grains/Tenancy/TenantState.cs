using CallCenter.Tenancy;

namespace CallCenter.Grains.Tenancy;

public sealed class TenantState
{
    public TenantProfile? Profile { get; set; }
}
