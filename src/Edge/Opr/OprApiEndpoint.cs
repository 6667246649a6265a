using System.Text.Json.Nodes;
using CallCenter.Edge.Tenancy;
using CallCenter.Opr;
using Microsoft.Extensions.Options;

using CallCenter.Runtime.Outbound;

namespace CallCenter.Edge.Opr;

/// <summary>
/// <c>POST /api</c>: reads the body, dispatches on <c>msgType</c> to a handler that translates it into one grain call, and
/// shapes the answer. No state lives here.
/// </summary>
internal static class OprApiEndpoint
{
    /// <summary>Server-to-client messages. The spec shows curl examples posting them to the server (they were how the
    /// original's clients were tested); the server does not take them.</summary>
    private static readonly HashSet<string> PushTypes = new(StringComparer.Ordinal)
    {
        "call_broadcast", "push_transfer_to_opr", "boardStateChange", "message_arrival", "userstate_change", "push_user",
    };

    private static readonly Dictionary<string, Func<OprCall, Task<JsonObject>>> Handlers = new(StringComparer.Ordinal)
    {
        ["seatgroup_config"] = OprConfigHandlers.SeatGroupConfigAsync,
        ["seat_register"] = OprConfigHandlers.SeatRegisterAsync,
        ["addSipUser"] = OprConfigHandlers.AddSipUserAsync,
        ["opr_login"] = OprSeatHandlers.LoginAsync,
        ["opr_logout"] = OprSeatHandlers.LogoutAsync,
        ["getSeatState"] = OprSeatHandlers.GetSeatStateAsync,
        ["handShake"] = OprSeatHandlers.HandShakeAsync,
        ["user_subscribe"] = OprSeatHandlers.UserSubscribeAsync,
        ["pickup_call"] = OprBoardHandlers.PickupCallAsync,
        ["calla"] = call => OprBoardHandlers.DialAsync(call, BoardSide.A),
        ["callb"] = call => OprBoardHandlers.DialAsync(call, BoardSide.B),
        ["sidea"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.SideA),
        ["sideb"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.SideB),
        ["third"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.Third),
        ["ab"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.Ab),
        ["monitor"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.Monitor),
        ["inserta"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.InsertA),
        ["insertb"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.InsertB),
        ["splita"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.SplitA),
        ["splitb"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.SplitB),
        ["releasea"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.ReleaseA),
        ["releaseb"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.ReleaseB),
        ["clean_board"] = call => OprBoardHandlers.ExecuteAsync(call, BoardOperation.CleanBoard),
        ["board_switch"] = OprBoardHandlers.BoardSwitchAsync,
        ["cross_board"] = OprBoardHandlers.CrossBoardAsync,
        ["transfer_opr"] = OprBoardHandlers.TransferAsync,
        ["query_phone"] = OprBoardHandlers.QueryPhoneAsync,
        ["talk_to_opr"] = OprTalkHandlers.TalkToOperatorAsync,
        ["accept"] = call => OprTalkHandlers.AnswerAsync(call, accept: true),
        ["reject"] = call => OprTalkHandlers.AnswerAsync(call, accept: false),
        ["hangup_to_opr"] = OprTalkHandlers.HangupAsync,
        ["message"] = OprMessageHandlers.MessageAsync,
        ["queryhistorymsg"] = OprMessageHandlers.QueryHistoryAsync,
    };

    /// <summary>The msgTypes the server answers (for docs and tests).</summary>
    public static IReadOnlyCollection<string> MsgTypes => Handlers.Keys;

    public static async Task<IResult> HandleAsync(HttpContext http, IClusterClient grains, IOptions<OprEdgeOptions> options, OutboundHttp outbound, ILoggerFactory logs)
    {
        var (request, failure) = await OprRequestReader.ReadAsync(http.Request, options.Value.MaxBodyBytes, http.RequestAborted);
        if (failure is not null)
        {
            return OprReplies.Json(OprReplies.Failed(failure), failure == "body_too_large" ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status200OK);
        }
        var log = logs.CreateLogger("CallCenter.Edge.Opr");
        string msgType = "";
        try
        {
            msgType = request!.MsgType;
            if (!Handlers.TryGetValue(msgType, out var handler))
            {
                log.LogInformation("Operator console: {MsgType} is not handled", PushTypes.Contains(msgType) ? msgType : "(unknown msgType)");
                return OprReplies.Json(OprReplies.Failed(OprReasons.Unhandled));
            }
            var call = new OprCall(request, http.GetTenant().TenantId, grains, http, options.Value, outbound, log);
            return OprReplies.Json(await handler(call));
        }
        catch (OprFieldException e)
        {
            return OprReplies.Json(OprReplies.Failed(e.Reason));
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // A grain or the switch failed: the details go to the log, the client gets the original's generic reason.
            log.LogError(e, "Operator console request {MsgType} failed", msgType);
            return OprReplies.Json(OprReplies.Failed(OprReasons.ServiceNotAvailable));
        }
    }
}

/// <summary>One request being handled: its fields, its tenant, and the way to the grains.</summary>
internal sealed record OprCall(OprRequest Request, string TenantId, IClusterClient Grains, HttpContext Http, OprEdgeOptions Options, OutboundHttp Outbound, ILogger Log)
{
    public ISeatGrain Seat(string seatId) => Grains.GetGrain<ISeatGrain>(OprKeys.Seat(TenantId, seatId));

    /// <summary>For requests that name operators rather than seats.</summary>
    public IOperatorRequestsGrain Operators => Grains.GetGrain<IOperatorRequestsGrain>(OprKeys.OperatorRequests(TenantId));
}
