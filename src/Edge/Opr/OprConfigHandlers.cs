using System.Text.Json.Nodes;
using CallCenter.Extensions;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>seatgroup_config, seat_register, addSipUser.</summary>
internal static class OprConfigHandlers
{
    public static async Task<JsonObject> SeatGroupConfigAsync(OprCall call)
    {
        var r = call.Request;
        var config = new SeatGroupConfig(
            r.RequiredId("seatGroupNo"),
            r.RequiredPhone("groupPhone"),
            r.OptionalInt("timeout", "offerTimeout") is int seconds && seconds >= 0 ? seconds : r.Has("timeout") ? throw OprFieldException.Invalid("timeout") : null,
            r.OptionalId("overflowGroup", "overflowGroupNo"),
            r.OptionalPhone("overflowPhone"));
        var result = await call.Grains.GetGrain<ISeatGroupGrain>(OprKeys.SeatGroup(call.TenantId, config.SeatGroupNo)).ConfigureAsync(config);
        return result.Ok ? OprReplies.Ok() : OprReplies.Failed(result.Reason!);
    }

    public static async Task<JsonObject> SeatRegisterAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var registration = new SeatRegistration(seatId, r.RequiredId("seatGroupNo"), r.RequiredPhone("seatPhone"), Password(r.Required("pwd")),
            await CallbackUrlAsync(call, "callbackUrl"));
        return OprReplies.From(await call.Seat(seatId).RegisterAsync(registration));
    }

    public static async Task<JsonObject> AddSipUserAsync(OprCall call)
    {
        var r = call.Request;
        var phones = r.RequiredArray("phones");
        var passwords = r.RequiredArray("passwds");
        if (phones.Count != passwords.Count) throw OprFieldException.Invalid("passwds");
        if (phones.Any(p => !OprIds.IsValidPhone(p))) throw OprFieldException.Invalid("phones");
        foreach (var password in passwords) Password(password, "passwds");
        for (var i = 0; i < phones.Count; i++)
        {
            await call.Grains.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(call.TenantId, phones[i])).ProvisionAsync(new ExtensionProvisioning(passwords[i]));
        }
        return OprReplies.Ok();
    }

    private static string Password(string password, string field = "pwd")
        => password.Length is > 0 and <= 128 && !password.Any(char.IsControl) ? password : throw OprFieldException.Invalid(field);

    /// <summary>An absolute http(s) URL the tenant's outbound policy lets the server reach (else
    /// <c>forbidden_target:</c><paramref name="field"/>), or "none". Checked again at every delivery.</summary>
    public static async Task<string?> CallbackUrlAsync(OprCall call, string field)
    {
        var value = call.Request.Optional(field);
        if (value is null || value.Equals("none", StringComparison.OrdinalIgnoreCase)) return value;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) throw OprFieldException.Invalid(field);
        if (await call.Outbound.CheckUrlAsync(await call.Outbound.PolicyForAsync(call.TenantId), value, call.Http.RequestAborted) is { } refusal)
        {
            call.Log.LogInformation("Operator console: {Field} of tenant {TenantId} refused: {Reason}", field, call.TenantId, refusal);
            throw OprFieldException.ForbiddenTarget(field);
        }
        return value;
    }
}
