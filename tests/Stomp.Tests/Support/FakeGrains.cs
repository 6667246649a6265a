using System.Reflection;
using CallCenter.Security;
using CallCenter.Tenancy;

namespace CallCenter.Stomp.Tests.Support;

/// <summary>Just enough of a grain factory for the STOMP unit tests: tenant profiles. Orleans' factory interface is large,
/// so it is a proxy that answers <c>GetGrain&lt;ITenantGrain&gt;(key)</c> and login throttles, and refuses everything else.</summary>
internal sealed class FakeGrains
{
    private readonly Dictionary<string, TenantProfile> _tenants = new(StringComparer.Ordinal);

    public FakeGrains()
    {
        var proxy = DispatchProxy.Create<IGrainFactory, Dispatcher>();
        ((Dispatcher)(object)proxy).Owner = this;
        Factory = proxy;
    }

    public IGrainFactory Factory { get; }

    public FakeGrains WithTenant(string tenantId, bool allowAnonymous, bool enabled = true)
    {
        _tenants[tenantId] = new TenantProfile(tenantId, tenantId, $"{tenantId}.test", enabled, DateTimeOffset.UnixEpoch, new TenantSettings(allowAnonymous));
        return this;
    }

    public class Dispatcher : DispatchProxy
    {
        internal FakeGrains Owner { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(ITenantGrain)
                && args is [string key, ..])
                return new TenantGrain(Owner, key);
            if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(ILoginThrottleGrain))
                return new NeverLockedOut();
            throw new NotSupportedException($"{targetMethod?.Name} is not faked for the STOMP tests");
        }
    }

    /// <summary>Brute-force protection is tested end to end (Silo.Tests); here no login is ever locked out.</summary>
    private sealed class NeverLockedOut : ILoginThrottleGrain
    {
        public Task<DateTimeOffset?> GetLockedUntilAsync() => Task.FromResult<DateTimeOffset?>(null);

        public Task<DateTimeOffset?> RecordFailureAsync() => Task.FromResult<DateTimeOffset?>(null);

        public Task RecordSuccessAsync() => Task.CompletedTask;
    }

    private sealed class TenantGrain(FakeGrains owner, string tenantId) : ITenantGrain
    {
        public Task<TenantProfile?> GetProfileAsync() => Task.FromResult(owner._tenants.GetValueOrDefault(tenantId));

        public Task<TenantProfile> ProvisionAsync(TenantProvisioning request) => throw new NotSupportedException();

        public Task<TenantProfile> SetEnabledAsync(bool enabled) => throw new NotSupportedException();

        public Task<TenantProfile> UpdateSettingsAsync(TenantSettings settings) => throw new NotSupportedException();
    }
}
