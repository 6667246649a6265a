using CallCenter.Tenancy;

namespace CallCenter.Dialer;

/// <summary>
/// Grain keys of the dialer, built and parsed only here. Every key starts with the tenant id (<see cref="TenantIds.Key"/>),
/// so a request resolved to one tenant can only ever name that tenant's tasks and calls. The strings never change: stored
/// grain state and reminders are keyed by them.
/// </summary>
public static class DialerKeys
{
    private const string TaskPrefix = "dial-task/";
    private const string DialCallPrefix = "dial-call/";
    private const string InboundCallPrefix = "inbound-call/";
    private const string OffHookPrefix = "offhook/";
    private const string CallListPrefix = "call-list/";
    private const string NumberUsagePrefix = "number-usage/";

    /// <summary>A call task (<see cref="IDialTaskGrain"/>, and its inbound face <see cref="IInboundTaskGrain"/>).</summary>
    public static string Task(string tenantId, string callTaskCode) => TenantIds.Key(tenantId, TaskPrefix + callTaskCode);

    /// <summary>A customer-first call of a task (<see cref="IDialCallGrain"/>).</summary>
    public static string DialCall(string tenantId, string callId) => TenantIds.Key(tenantId, DialCallPrefix + callId);

    /// <summary>One caller of an inbound task (<see cref="IInboundCallGrain"/>).</summary>
    public static string InboundCall(string tenantId, string callId) => TenantIds.Key(tenantId, InboundCallPrefix + callId);

    /// <summary>An agent's off-hook connection (<see cref="IOffHookAgentGrain"/>).</summary>
    public static string OffHook(string tenantId, string username) => TenantIds.Key(tenantId, OffHookPrefix + username);

    public static string CallList(string tenantId, string callListId) => TenantIds.Key(tenantId, CallListPrefix + callListId);

    public static string Blacklist(string tenantId) => TenantIds.Key(tenantId, "blacklist");

    public static string NumberUsage(string tenantId, string number) => TenantIds.Key(tenantId, NumberUsagePrefix + number);

    /// <summary>The tenant a dialer key belongs to.</summary>
    public static string TenantOf(string grainKey) => TenantIds.Split(grainKey).TenantId;

    /// <summary>The callTaskCode of a <see cref="Task"/> key.</summary>
    public static string CallTaskCodeOf(string taskKey) => LocalId(taskKey, TaskPrefix);

    /// <summary>The call id of a <see cref="DialCall"/> key.</summary>
    public static string DialCallIdOf(string dialCallKey) => LocalId(dialCallKey, DialCallPrefix);

    /// <summary>The call id of an <see cref="InboundCall"/> key.</summary>
    public static string InboundCallIdOf(string inboundCallKey) => LocalId(inboundCallKey, InboundCallPrefix);

    /// <summary>The agent's username of an <see cref="OffHook"/> key.</summary>
    public static string UsernameOf(string offHookKey) => LocalId(offHookKey, OffHookPrefix);

    private static string LocalId(string grainKey, string prefix)
    {
        var local = TenantIds.Split(grainKey).LocalKey;
        return local.StartsWith(prefix, StringComparison.Ordinal)
            ? local[prefix.Length..]
            : throw new ArgumentException($"'{grainKey}' is not a dialer key of the form {{tenant}}/{prefix}…", nameof(grainKey));
    }
}
