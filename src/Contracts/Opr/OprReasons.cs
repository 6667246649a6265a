namespace CallCenter.Opr;

/// <summary>
/// Failure reasons (<c>{"status":"failed","reason":…}</c>). The first five are the original server's; the others name
/// what CallCenter checks. docs/opr-console.md lists them all.
/// </summary>
public static class OprReasons
{
    public const string NotLogined = "not_logined";
    public const string Operator2NotLogined = "operator2_not_logined";
    public const string Reject = "reject";
    public const string Unhandled = "unhandled";
    public const string ServiceNotAvailable = "service_not_available";

    public const string NoSuchSeat = "no_such_seat";
    public const string NoSuchGroup = "no_such_group";
    public const string GroupPhoneInUse = "group_phone_in_use";
    public const string SeatPhoneInUse = "seat_phone_in_use";
    public const string SeatInUse = "seat_in_use";
    public const string OperatorLoginedElsewhere = "operator_logined_elsewhere";
    public const string InvalidBoard = "invalid_board";
    public const string BoardBusy = "board_busy";
    public const string BoardFull = "board_full";
    public const string NoCall = "no_call";
    public const string NoParty = "no_party";
    public const string SideBusy = "side_busy";
    public const string InvalidState = "invalid_state";
    public const string NoFreeBoard = "no_free_board";
    public const string SameSeat = "same_seat";
    public const string UnknownOperator = "unknown_operator";
    public const string TalkBusy = "talk_busy";
    public const string NoTalk = "no_talk";
    public const string NoAnswer = "no_answer";
    public const string Cancelled = "cancelled";
}
