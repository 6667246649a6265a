using System.Reflection;
using CallCenter.Grains.Switching;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Support;
using CallCenter.Telephony;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Runtime.Tests;

/// <summary>
/// Orleans keeps no order between calls in flight, so the router queues each owner's events and awaits each delivery
/// before sending that owner the next: a slow first event is not overtaken, while other owners are not held up by it.
/// </summary>
public sealed class SwitchEventOrderTests
{
    /// <summary>A router over a switch whose event handler the test calls, delivering to recording sink grains.</summary>
    private static async Task<(SwitchEventRouter Router, Func<SwitchEvent, ValueTask> Deliver)> StartRouterAsync(OrleansTestHost host)
    {
        var fakeSwitch = DispatchProxy.Create<ISwitch, CapturingSwitch>();
        var kinds = new LegOwnerKinds([new LegOwnerKind("test-sink", (grains, key) => grains.GetGrain<IRecordingSinkGrain>(key))], host.Grains);
        var router = new SwitchEventRouter(fakeSwitch, host.Grains, kinds, NullLogger<SwitchEventRouter>.Instance, [],
            host.Services.GetRequiredService<IBackgroundWork>());
        await router.StartAsync(CancellationToken.None);
        return (router, ((CapturingSwitch)(object)fakeSwitch).Handler!);
    }

    [Fact]
    public async Task An_owner_receives_its_legs_events_in_switch_order_even_when_one_is_slow_and_others_proceed()
    {
        await using var host = await OrleansTestHost.StartAsync();
        var (router, deliver) = await StartRouterAsync(host);

        foreach (var owner in new[] { "slow", "other" })
        {
            var variables = new Dictionary<string, string> { [ChannelVariables.OwnerKind] = "test-sink", [ChannelVariables.Owner] = owner };
            await deliver(new LegCreated(LegDirection.Outbound, "1000", "2000", null, null) { LegId = owner + "-leg", Variables = variables });
            await deliver(new LegRinging(false) { LegId = owner + "-leg", Variables = variables });
            await deliver(new LegAnswered { LegId = owner + "-leg", Variables = variables });
            await deliver(new LegHungUp("NORMAL_CLEARING", HangupInitiator.Remote, DateTimeOffset.UnixEpoch, null, 0, 0) { LegId = owner + "-leg", Variables = variables });
        }
        await host.SettleAsync();

        string[] expected = ["LegCreated", "LegRinging", "LegAnswered", "LegHungUp"];
        Assert.Equal(expected, await host.Grains.GetGrain<IRecordingSinkGrain>("slow").ReceivedAsync());
        Assert.Equal(expected, await host.Grains.GetGrain<IRecordingSinkGrain>("other").ReceivedAsync());
        await router.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_event_that_fails_in_a_batch_does_not_stop_the_ones_after_it()
    {
        await using var host = await OrleansTestHost.StartAsync();
        var (router, deliver) = await StartRouterAsync(host);
        var owner = new Dictionary<string, string> { [ChannelVariables.OwnerKind] = "test-sink", [ChannelVariables.Owner] = "failing" };
        var failing = new Dictionary<string, string>(owner) { ["fail"] = "yes" };

        // The first takes long, so the three after it go together; the middle one of those fails.
        await deliver(new LegCreated(LegDirection.Outbound, "1000", "2000", null, null) { LegId = "leg", Variables = owner });
        await deliver(new LegRinging(false) { LegId = "leg", Variables = owner });
        await deliver(new LegAnswered { LegId = "leg", Variables = failing });
        await deliver(new LegHungUp("NORMAL_CLEARING", HangupInitiator.Remote, DateTimeOffset.UnixEpoch, null, 0, 0) { LegId = "leg", Variables = owner });
        await host.SettleAsync();

        Assert.Equal(["LegCreated", "LegRinging", "LegAnswered", "LegHungUp"], await host.Grains.GetGrain<IRecordingSinkGrain>("failing").ReceivedAsync());
        await router.StopAsync(CancellationToken.None);
    }

    public class CapturingSwitch : DispatchProxy
    {
        public Func<SwitchEvent, ValueTask>? Handler { get; private set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(ISwitch.Subscribe))
            {
                Handler = (Func<SwitchEvent, ValueTask>)args![0]!;
                return new Unsubscribe();
            }
            throw new NotSupportedException(targetMethod?.Name);
        }

        private sealed class Unsubscribe : IDisposable
        {
            public void Dispose() { }
        }
    }
}
