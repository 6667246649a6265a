using System.Net;
using System.Text.Json.Nodes;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>opr_login, opr_logout, getSeatState, handShake, user_subscribe.</summary>
internal static class OprSeatHandlers
{
    public static async Task<JsonObject> LoginAsync(OprCall call)
    {
        var r = call.Request;
        var login = new OperatorLogin(r.RequiredId("operatorId"), await OprConfigHandlers.CallbackUrlAsync(call, "callbackUrl"), await PermittedDefaultAsync(call));
        return OprReplies.From(await call.Seat(r.RequiredId("seatId")).LoginAsync(login));
    }

    public static async Task<JsonObject> LogoutAsync(OprCall call)
        => OprReplies.From(await call.Seat(call.Request.RequiredId("seatId")).LogoutAsync());

    public static async Task<JsonObject> GetSeatStateAsync(OprCall call)
    {
        // operatorId is required by the spec but the seat alone decides: it is checked for form only.
        call.Request.OptionalId("operatorId");
        return OprReplies.From(await call.Seat(call.Request.RequiredId("seatId")).GetStateAsync());
    }

    public static async Task<JsonObject> HandShakeAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var clientBoard = r.RequiredBoard("boardIndex");
        r.OptionalId("operatorId");
        var result = await call.Seat(seatId).HandShakeAsync(clientBoard);
        var reply = OprReplies.From(result);
        // The server's active board: a client showing another one resyncs to it.
        if (result.BoardState is { } state) reply["activeboardIndex"] = OprWire.Index(state.ActiveBoard);
        return reply;
    }

    public static async Task<JsonObject> UserSubscribeAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId", "seat1Id");
        var phone = r.RequiredPhone("phoneNumber");
        r.OptionalId("operatorId");
        return OprReplies.From(await call.Seat(seatId).SubscribeUserAsync(phone));
    }

    /// <summary>The derived default, unless the tenant's outbound policy refuses it (a console on a private network the
    /// operator has not allow-listed): then no HTTP pushes, rather than a refused delivery per push.</summary>
    private static async Task<string?> PermittedDefaultAsync(OprCall call)
    {
        if (DefaultCallbackUrl(call) is not { } url) return null;
        if (await call.Outbound.CheckUrlAsync(await call.Outbound.PolicyForAsync(call.TenantId), url, call.Http.RequestAborted) is not { } refusal) return url;
        call.Log.LogInformation("Operator console: no default HTTP callback for tenant {TenantId}: {Reason}", call.TenantId, refusal);
        return null;
    }

    /// <summary>http://&lt;client ip&gt;:8082/ as the original pushed to, unless configured otherwise or off.</summary>
    private static string? DefaultCallbackUrl(OprCall call)
    {
        var template = call.Options.Callbacks.DefaultUrl;
        if (!call.Options.Callbacks.Enabled || string.IsNullOrWhiteSpace(template)) return null;
        if (call.Http.Connection.RemoteIpAddress is not { } address) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var url = template.Replace("{clientIp}", host, StringComparison.Ordinal);
        // A client on the server's own machine and port (curl against the embedded run on 8082) would have the server POST
        // to itself: no default there.
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port == call.Http.Connection.LocalPort
            && call.Http.Connection.LocalIpAddress is { } local && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var target)
            && (target.Equals(local) || (local.IsIPv4MappedToIPv6 && target.Equals(local.MapToIPv4()))))
            return null;
        return url;
    }
}
