namespace CallCenter.Edge.Opr;

/// <summary>A request field is missing or malformed; <see cref="Reason"/> is what the client gets
/// (<c>missing_field:seatId</c>, <c>invalid_field:boardIndex</c>).</summary>
public sealed class OprFieldException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;

    public static OprFieldException Missing(string field) => new("missing_field:" + field);

    public static OprFieldException Invalid(string field) => new("invalid_field:" + field);

    /// <summary>A URL the server may not send to on the tenant's behalf (loopback, private, metadata…).</summary>
    public static OprFieldException ForbiddenTarget(string field) => new("forbidden_target:" + field);
}
