namespace CallCenter.Telephony;

/// <summary>Names of the channel variables the control plane sets on every leg so that events can be routed back to
/// the grain that owns the leg.</summary>
public static class ChannelVariables
{
    public const string Tenant = "cc_tenant";
    public const string Project = "cc_project";
    public const string Task = "cc_task";
    public const string Call = "cc_call";
    /// <summary>What the leg is for in its call: "customer", "agent", "operator", "listener", ...</summary>
    public const string Role = "cc_role";
    /// <summary>Which kind of grain owns the leg and receives its events ("seat", "agent", "dial-task", ...); see
    /// <c>LegOwner</c>. With <see cref="Owner"/> it is how the event router finds the grain.</summary>
    public const string OwnerKind = "cc_owner_kind";
    /// <summary>The owning grain's key.</summary>
    public const string Owner = "cc_owner";
}
