using System.Text.Json.Nodes;
using CallCenter.Edge.Json;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>Reply bodies: <c>{"status":"ok",…}</c> and <c>{"status":"failed","reason":…}</c>.</summary>
public static class OprReplies
{
    public static JsonObject Ok() => new() { ["status"] = "ok" };

    public static JsonObject Failed(string reason) => new() { ["status"] = "failed", ["reason"] = reason };

    /// <summary>A seat's answer; an ok that names a seat carries its boardState (wire-notes).</summary>
    public static JsonObject From(OprResult result)
    {
        if (!result.Ok) return Failed(result.Reason ?? OprReasons.Unhandled);
        var reply = Ok();
        if (result.BoardState is { } state)
        {
            reply["seatId"] = state.SeatId;
            reply["boardState"] = OprWire.BoardState(state);
        }
        if (result.Call is { } call) reply["call"] = OprWire.Call(call);
        return reply;
    }

    public static IResult Json(JsonObject body, int statusCode = StatusCodes.Status200OK)
        => Results.Text(body.ToJsonString(EdgeJson.Options), "application/json; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
}
