namespace CallCenter.Runtime.Diagnostics;

/// <summary>
/// Work a component does outside grain calls but on their behalf (the switch-event router's per-call queues, an edge's
/// background deliveries), declared so that a test's <see cref="QuiescenceTracker"/> can wait for it. Production hosts
/// register <see cref="NoBackgroundWork"/>, which costs nothing.
/// </summary>
public interface IBackgroundWork
{
    /// <summary>Marks work as under way until the result is disposed.</summary>
    /// <param name="what">For the message of a test that timed out waiting ("switch events for dial-call/...").</param>
    IDisposable Begin(string what);
}

/// <summary>The production <see cref="IBackgroundWork"/>: nothing is tracked.</summary>
public sealed class NoBackgroundWork : IBackgroundWork
{
    public static NoBackgroundWork Instance { get; } = new();

    public IDisposable Begin(string what) => Done.Instance;

    private sealed class Done : IDisposable
    {
        public static Done Instance { get; } = new();

        public void Dispose() { }
    }
}
