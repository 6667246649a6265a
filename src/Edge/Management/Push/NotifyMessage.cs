using System.Text.Json;
using CallCenter.Edge.Json;
using CallCenter.Management;
using CallCenter.Management.Events;

namespace CallCenter.Edge.Management.Push;

/// <summary>
/// The body of /topic/notify pushes, as the original's clients parse it: every value a string, <c>duration</c> in
/// milliseconds, e.g. <c>{"type":"message","duration":"5000","data":"置闲成功","msgType":"success"}</c>.
/// </summary>
public sealed record NotifyMessage(string type, string duration, string data, string msgType)
{
    public const string Success = "success", Error = "error", Info = "info", Warning = "warning";

    public static NotifyMessage Of(string text, string msgType = Success, int durationMs = 5000)
        => new("message", durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture), text, msgType);

    public static NotifyMessage Failure(ManagementError error) => Of(Http.ManagementCodes.Message(error), Error);

    public string ToJson() => JsonSerializer.Serialize(this, EdgeJson.Options);

    /// <summary>The body for a system or back-office message. sendToUser's content is passed on as it is when it already
    /// is a JSON object (the spec's "已定义json格式"); plain text is wrapped.</summary>
    public static string Render(AgentMessage message) => message.Kind switch
    {
        AgentMessageKind.BackOffice when message.Content is { } content && IsJsonObject(content) => content,
        AgentMessageKind.BackOffice => Of(message.Content ?? "", Info).ToJson(),
        AgentMessageKind.ConferenceInvited => Of($"项目经理 {message.Content} 邀请您参加会议", Info).ToJson(),
        AgentMessageKind.TransferredAway => Of("通话已转接", Info).ToJson(),
        AgentMessageKind.CallFailed => Of(message.Error == ManagementError.None ? "呼叫失败" : $"呼叫失败: {Http.ManagementCodes.Message(message.Error)}", Error).ToJson(),
        _ => Of(message.Content ?? "", Info).ToJson(),
    };

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
