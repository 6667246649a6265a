using CallCenter.Calls;
using CallCenter.Extensions;

namespace CallCenter.Opr;

/// <summary>
/// One operator seat with its 14 boards (windows). Key: <see cref="OprKeys.Seat"/>. The boards live inside the seat grain
/// because nearly every operation touches the one operator handset and the active board together, and cross-board moves
/// must be atomic. Owns the handset leg and every party leg on its boards (leg-owner kind "seat").
/// </summary>
[Alias("opr.ISeatGrain")]
public interface ISeatGrain : ISwitchEventSink, IExtensionAssignee
{
    /// <summary>seat_register: creates or changes the seat and provisions its phone as an extension.</summary>
    Task<OprResult> RegisterAsync(SeatRegistration registration);

    /// <summary>The seat's configuration and the operator whose session it runs.</summary>
    /// <remarks>Always interleaves: it only reads, and another seat waits on it (transfer_opr checks its target has an
    /// operator), so two seats transferring to each other at once must not each queue behind the other's turn.</remarks>
    [AlwaysInterleave]
    Task<SeatInfo?> GetInfoAsync();

    Task<OprResult> LoginAsync(OperatorLogin login);

    Task<OprResult> LogoutAsync();

    /// <summary>getSeatState.</summary>
    Task<OprResult> GetStateAsync();

    /// <summary>handShake: keep-alive; the answer carries the server's active board for the client to resync to.</summary>
    Task<OprResult> HandShakeAsync(int? clientActiveBoard);

    /// <summary>pickup_call: take an offered call of the seat's group onto a board (caller on side A).</summary>
    Task<OprResult> PickupCallAsync(int boardIndex, string? userId);

    /// <summary>calla / callb.</summary>
    Task<OprResult> DialAsync(int boardIndex, BoardSide side, string phone);

    /// <summary>sidea, sideb, third, ab, monitor, inserta, insertb, splita, splitb, releasea, releaseb, clean_board.</summary>
    Task<OprResult> ExecuteAsync(int boardIndex, BoardOperation operation);

    /// <summary>board_switch.</summary>
    Task<OprResult> SwitchBoardAsync(int currentBoard, int nextBoard);

    /// <summary>cross_board (倒塞).</summary>
    Task<OprResult> CrossBoardAsync(CrossBoardRequest request);

    /// <summary>transfer_opr.</summary>
    Task<OprResult> TransferAsync(TransferRequest request);

    /// <summary>query_phone: announce <paramref name="phone"/> by voice to the party the operator serves on the board, and
    /// with <paramref name="call"/> dial it on the free side once the announcement ends.</summary>
    Task<OprResult> QueryPhoneAsync(int boardIndex, string phone, bool call);

    /// <summary>user_subscribe: userstate_change pushes for <paramref name="phone"/> go to this seat's operator.</summary>
    Task<OprResult> SubscribeUserAsync(string phone);

    /// <summary>A party transferred here by another seat (its leg's owner is already this seat).</summary>
    [OneWay]
    Task ReceiveTransferAsync(PartyHandover handover);

    /// <summary>A party this seat transferred could not be placed at the target and comes back.</summary>
    [OneWay]
    Task ReturnTransferAsync(PartyHandover handover, string reason);

    /// <summary>talk_to_opr from this seat's operator to another seat's.</summary>
    Task<OprResult> RequestTalkAsync(TalkRequest request);

    [OneWay]
    Task OfferTalkAsync(TalkOffer offer);

    /// <summary>accept / reject (or the callback reply to a talk_to_opr push) by this seat's operator.</summary>
    Task<OprResult> AnswerTalkAsync(string? fromOperatorId, bool accept);

    [OneWay]
    Task OnTalkAnsweredAsync(TalkAnswer answer);

    /// <summary>hangup_to_opr by this seat's operator.</summary>
    Task<OprResult> HangupTalkAsync();

    /// <summary>The other side ended (or cancelled) the talk.</summary>
    [OneWay]
    Task OnTalkEndedAsync(string talkId, string byOperatorId);
}
