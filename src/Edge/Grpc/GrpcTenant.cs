using CallCenter.Edge.Tenancy;
using Grpc.Core;

namespace CallCenter.Edge.Grpc;

/// <summary>Where the interceptor leaves the call's tenant.</summary>
public static class GrpcTenant
{
    private const string Key = "callcenter.tenant";

    internal static void Set(ServerCallContext context, TenantContext tenant) => context.UserState[Key] = tenant;

    /// <summary>The call's tenant; throws if the interceptor did not run, which is a programming error.</summary>
    public static string TenantId(this ServerCallContext context)
        => context.UserState.TryGetValue(Key, out var t) && t is TenantContext tenant
            ? tenant.TenantId
            : throw new InvalidOperationException($"no tenant was resolved for {context.Method}");
}
