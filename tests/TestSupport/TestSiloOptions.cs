using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.TestSupport;

/// <summary>How a <see cref="TestSilo"/> is started.</summary>
public sealed class TestSiloOptions
{
    /// <summary>Memory (default, fastest), Sqlite (a file in the silo's data directory) or Postgres (the server the test
    /// script started, <c>CALLCENTER_TEST_POSTGRES</c>, in a schema of its own).</summary>
    public string Storage { get; init; } = "Memory";

    /// <summary>Run the grains, timers, reminders and the simulated network on a <see cref="Time.VirtualClock"/> that the
    /// test advances with <see cref="TestSilo.AdvanceAsync"/>.</summary>
    public bool VirtualTime { get; init; }

    /// <summary>The virtual clock to run on, when the test builds something on it before the silo starts (a switch that
    /// outlives a restart); implies <see cref="VirtualTime"/>.</summary>
    public Time.VirtualClock? Clock { get; init; }

    /// <summary>Provision the demo tenant (as the embedded run does).</summary>
    public bool DemoTenant { get; init; } = true;

    /// <summary>Any further configuration, as "Section:Key" = value.</summary>
    public Dictionary<string, string?> Settings { get; init; } = new();

    /// <summary>Last word on services (replace a registration, add a test handler).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
