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
            OptionalUrl(r, "callbackUrl"));
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

    /// <summary>An absolute http(s) URL, or "none".</summary>
    public static string? OptionalUrl(OprRequest request, string field)
    {
        var value = request.Optional(field);
        if (value is null || value.Equals("none", StringComparison.OrdinalIgnoreCase)) return value;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? value : throw OprFieldException.Invalid(field);
    }
}
