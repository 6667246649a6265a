using System.Runtime.InteropServices;

namespace CallCenter.Edge.Limits;

/// <summary>The process's open-file limit (RLIMIT_NOFILE soft limit): every socket is a file descriptor, so it bounds how
/// many connections the process can hold before accept(), file opens and database connections start failing.</summary>
public static class OpenFileLimit
{
    private const int RlimitNofileLinux = 7, RlimitNofileMac = 8;

    /// <summary>The soft limit, or null where it cannot be read (Windows, or an unlimited setting).</summary>
    public static long? Current()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        try
        {
            if (GetRLimit(OperatingSystem.IsLinux() ? RlimitNofileLinux : RlimitNofileMac, out var limit) != 0) return null;
            // RLIM_INFINITY is all ones; treat anything beyond a long as "no limit to derive from".
            return limit.Current is 0 or > long.MaxValue ? null : (long)limit.Current;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled for one blittable call.
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetRLimit(int resource, out RLimit limit);
}
