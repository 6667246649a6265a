using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>Reading a boardState as a client would.</summary>
public static class BoardJson
{
    public static JsonObject Board(this JsonObject boardState, int index) => boardState["boards"]!.AsArray()[index - 1]!.AsObject();

    public static string? Status(this JsonObject boardState, int index) => boardState.Board(index)["boardstatus"]?.GetValue<string>();

    public static JsonObject? Party(this JsonObject boardState, int index, string side) => boardState.Board(index)["detail"]![side]?.AsObject();

    public static string? Talk(this JsonObject boardState, int index, string side) => boardState.Party(index, side)?["talkstatus"]?.GetValue<string>();

    public static string? Phone(this JsonObject boardState, int index, string side) => boardState.Party(index, side)?["phone"]?.GetValue<string>();

    public static string? UserId(this JsonObject boardState, int index, string side) => boardState.Party(index, side)?["userId"]?.GetValue<string>();

    public static string Active(this JsonObject boardState) => boardState["activedBoard"]!.GetValue<string>();

    public static string CallStatus(this JsonObject boardState) => boardState["callstatus"]!.GetValue<string>();

    public static JsonObject State(this JsonObject reply) => reply["boardState"]!.AsObject();

    public static string Str(this JsonNode json, string name) => json[name]!.GetValue<string>();

    public static bool IsEmpty(this JsonObject boardState, int index)
        => boardState.Status(index) is null && boardState.Board(index)["detail"]!.AsObject().Count == 0;
}
