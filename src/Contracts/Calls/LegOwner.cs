using CallCenter.Telephony;

namespace CallCenter.Calls;

/// <summary>
/// The grain that owns a switch leg: it placed the leg (or adopted an inbound one) and receives every event of it. Stored
/// on the leg itself as channel variables (<see cref="ChannelVariables.OwnerKind"/>, <see cref="ChannelVariables.Owner"/>)
/// so routing needs no lookup and survives a control-plane restart; a transfer moves a leg by rewriting them.
/// </summary>
/// <param name="Kind">A name registered with the event router for one grain interface ("seat", "agent", ...).</param>
/// <param name="Key">That grain's key (tenant-prefixed).</param>
[GenerateSerializer, Immutable, Alias("calls.LegOwner")]
public sealed record LegOwner(string Kind, string Key)
{
    /// <summary>The variables to put on a leg (with the tenant and call ids) so its events reach this owner.</summary>
    public Dictionary<string, string> ToVariables(string tenantId, string? callId = null)
    {
        var variables = new Dictionary<string, string>
        {
            [ChannelVariables.Tenant] = tenantId,
            [ChannelVariables.OwnerKind] = Kind,
            [ChannelVariables.Owner] = Key,
        };
        if (callId is not null) variables[ChannelVariables.Call] = callId;
        return variables;
    }

    /// <summary>The owner named by an event's variables, or null for a leg nobody has adopted yet.</summary>
    public static LegOwner? From(SwitchEvent e)
        => e.Variable(ChannelVariables.OwnerKind) is { Length: > 0 } kind && e.Variable(ChannelVariables.Owner) is { Length: > 0 } key
            ? new LegOwner(kind, key)
            : null;
}
