namespace CallCenter.Edge.Management.Push;

/// <summary>The STOMP destinations of the management API (spec §三 and wire-notes). Destinations never name the tenant:
/// the broker keeps tenants apart.</summary>
public static class ManagementTopics
{
    public static string Register(string username) => "/topic/register/" + username;
    public static string Call(string username) => "/topic/call/" + username;
    public static string Status(string username) => "/topic/status/" + username;
    public static string Invite(string username) => "/topic/invite/" + username;
    public static string Bye(string username) => "/topic/bye/" + username;
    public static string Transfer(string username) => "/topic/transfer/" + username;
    public static string Notify(string projectCode, string username) => $"/topic/notify/{projectCode}/{username}";
    public static string Notify(string username) => "/topic/notify/" + username;
    public static string Task(string projectCode) => "/topic/task/" + projectCode;
    public static string CallExtStatus(string projectCode) => "/topic/callExtStatus/" + projectCode;
    public static string CallTaskStatus(string projectCode) => "/topic/callTaskStatus/" + projectCode;
}
