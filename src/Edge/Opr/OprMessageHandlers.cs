using System.Text.Json.Nodes;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>message and queryhistorymsg.</summary>
internal static class OprMessageHandlers
{
    private const int MaxMessageLength = 4000;
    private const int MaxHistory = 500;

    /// <summary>source → target (an operatorId, <c>group</c> or <c>all</c>); the spec's curl example names seats instead
    /// (seat1Id → seat2Id), which are taken as the operators logged in there.</summary>
    public static async Task<JsonObject> MessageAsync(OprCall call)
    {
        var r = call.Request;
        var text = r.Required("msg");
        if (text.Length > MaxMessageLength) throw OprFieldException.Invalid("msg");
        var source = OprTalkHandlers.Named(r, "source", "seat1Id") ?? throw OprFieldException.Missing("source");
        var target = r.OptionalId("target");
        var targetSeat = target is null ? r.OptionalId("seat2Id") ?? throw OprFieldException.Missing("target") : null;

        var result = await call.Operators.SendMessageAsync(source, target, targetSeat, text);
        return result.Ok ? OprReplies.Ok() : OprReplies.Failed(result.Reason!);
    }

    public static async Task<JsonObject> QueryHistoryAsync(OprCall call)
    {
        var r = call.Request;
        var operatorId = r.RequiredId("operatorId");
        var count = r.RequiredInt("number");
        if (count is < 0 or > MaxHistory) throw OprFieldException.Invalid("number");
        var messages = await call.Grains.GetGrain<IOprMessageHubGrain>(OprKeys.MessageHub(call.TenantId)).QueryHistoryAsync(operatorId, count);
        var reply = OprReplies.Ok();
        reply["msgType"] = "queryhistorymsg";
        reply["msgs"] = new JsonArray(messages.Select(m => (JsonNode)OprWire.HistoryEntry(m)).ToArray());
        return reply;
    }
}
