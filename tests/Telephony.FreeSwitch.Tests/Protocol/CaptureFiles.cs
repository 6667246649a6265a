using System.Reflection;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>The real FreeSWITCH outbound-mode byte streams in shared/esl-captures (beside the repository).</summary>
internal static class CaptureFiles
{
    public const string Session1 = "outbound-session-1.txt";
    public const string Session2 = "outbound-session-2.txt";
    public const string Session3 = "outbound-session-3.txt";

    public static readonly string[] All = [Session1, Session2, Session3];

    public static string Directory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("ESL_CAPTURES_DIR");
            if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
            var root = typeof(CaptureFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "RepositoryRoot").Value!;
            return Path.GetFullPath(Path.Combine(root, "..", "shared", "esl-captures"));
        }
    }

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));
}
