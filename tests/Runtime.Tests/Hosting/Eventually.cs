namespace CallCenter.Runtime.Tests.Hosting;

/// <summary>Waits for something that happens on another thread, without asserting how fast it happens.</summary>
public static class Eventually
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Gave up waiting: {what}");
            await Task.Delay(5);
        }
    }
}
