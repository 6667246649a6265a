namespace CallCenter.Stomp.Tests.Support;

/// <summary>Waits for a condition that becomes true asynchronously (cleanup on the thread pool, a process's output). Not
/// a timing assertion: the limit is only a hang guard, far above anything the condition needs.</summary>
internal static class Eventually
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"still not true after {HangGuard.TotalSeconds} s: {what}");
            await Task.Delay(10);
        }
    }
}
