namespace CallCenter.Telephony.FreeSwitch;

/// <summary>The <c>Content-Type</c> values mod_event_socket puts on the messages it sends.</summary>
public static class EslContentTypes
{
    public const string AuthRequest = "auth/request";
    public const string CommandReply = "command/reply";
    public const string ApiResponse = "api/response";
    public const string EventPlain = "text/event-plain";
    public const string EventJson = "text/event-json";
    public const string EventXml = "text/event-xml";
    public const string DisconnectNotice = "text/disconnect-notice";
    /// <summary>Sent instead of auth/request when the event socket's ACL refuses the client; the socket is closed next.</summary>
    public const string RudeRejection = "text/rude-rejection";
    public const string LogData = "log/data";

    public static bool IsEvent(string? contentType) =>
        contentType is EventPlain or EventJson or EventXml;
}
