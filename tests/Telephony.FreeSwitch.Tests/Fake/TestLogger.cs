using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>Keeps every formatted log line (and exception text) so tests can look for secrets in them.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
