namespace CallCenter.Telephony;

/// <summary>FreeSWITCH hang-up cause names (Q.850 based). Grains compare against these strings; both switches emit them.</summary>
public static class HangupCauses
{
    public const string NormalClearing = "NORMAL_CLEARING";
    public const string UserBusy = "USER_BUSY";
    public const string NoUserResponse = "NO_USER_RESPONSE";
    public const string NoAnswer = "NO_ANSWER";
    public const string CallRejected = "CALL_REJECTED";
    public const string OriginatorCancel = "ORIGINATOR_CANCEL";
    public const string UnallocatedNumber = "UNALLOCATED_NUMBER";
    public const string RecoveryOnTimerExpire = "RECOVERY_ON_TIMER_EXPIRE";
    public const string UserNotRegistered = "USER_NOT_REGISTERED";
    public const string IncompatibleDestination = "INCOMPATIBLE_DESTINATION";
    public const string NormalTemporaryFailure = "NORMAL_TEMPORARY_FAILURE";
    public const string NormalCircuitCongestion = "NORMAL_CIRCUIT_CONGESTION";
    public const string DestinationOutOfOrder = "DESTINATION_OUT_OF_ORDER";
    public const string AttendedTransfer = "ATTENDED_TRANSFER";
    public const string LoseRace = "LOSE_RACE";
    public const string ManagerRequest = "MANAGER_REQUEST";
    public const string SubscriberAbsent = "SUBSCRIBER_ABSENT";
    public const string InvalidGateway = "INVALID_GATEWAY";
    public const string GatewayDown = "GATEWAY_DOWN";
}
