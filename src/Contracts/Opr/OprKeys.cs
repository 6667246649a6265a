using CallCenter.Tenancy;

namespace CallCenter.Opr;

/// <summary>
/// Grain keys of the operator console. Every key starts with the tenant id (<see cref="TenantIds.Key"/>), so a request
/// resolved to one tenant can only ever name that tenant's seats, groups and operators.
/// </summary>
public static class OprKeys
{
    /// <summary>Boards (windows) per seat, numbered 1..14 on the wire.</summary>
    public const int BoardCount = 14;

    public static string Seat(string tenantId, string seatId) => TenantIds.Key(tenantId, "opr/seat/" + seatId);

    public static string SeatGroup(string tenantId, string seatGroupNo) => TenantIds.Key(tenantId, "opr/group/" + seatGroupNo);

    public static string Directory(string tenantId) => TenantIds.Key(tenantId, "opr/directory");

    public static string Operator(string tenantId, string operatorId) => TenantIds.Key(tenantId, "opr/operator/" + operatorId);

    public static string Outbox(string tenantId, string seatId) => TenantIds.Key(tenantId, "opr/outbox/" + seatId);

    public static string MessageHub(string tenantId) => TenantIds.Key(tenantId, "opr/messages");

    /// <summary>The stateless worker that finds the seats of operators a request names (<see cref="IOperatorRequestsGrain"/>).</summary>
    public static string OperatorRequests(string tenantId) => TenantIds.Key(tenantId, "opr/operator-requests");

    public static string VipNumber(string tenantId, string phone) => TenantIds.Key(tenantId, "opr/vip/" + phone);

    /// <summary>The edges' HTTP callback workers (<see cref="IOprCallbackWorkersGrain"/>), one grain cluster-wide.</summary>
    public const string CallbackWorkers = "_opr-callback-workers";

    /// <summary>The id after the last '/' of an opr grain key (the seat id of a seat or outbox key, ...).</summary>
    public static string LocalId(string grainKey) => grainKey[(grainKey.LastIndexOf('/') + 1)..];

    public static bool IsValidBoard(int boardIndex) => boardIndex is >= 1 and <= BoardCount;
}
