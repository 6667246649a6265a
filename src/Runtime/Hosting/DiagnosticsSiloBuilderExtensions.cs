using CallCenter.Runtime.Diagnostics;
using CallCenter.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Orleans.Reminders;

namespace CallCenter.Runtime.Hosting;

public static class DiagnosticsSiloBuilderExtensions
{
    /// <summary>
    /// For tests and the virtual-time benchmark: counts the silo's outstanding work with <paramref name="tracker"/>
    /// (resolve it as <see cref="QuiescenceTracker"/>; it also serves as the host's <see cref="IBackgroundWork"/>), fails
    /// call cycles at once (<see cref="CallCycleDetector"/>), and, with a <paramref name="clock"/>, runs grain timers and
    /// reminders on it while every Orleans background area (membership, directory, messaging, activation collection)
    /// stays on real time.
    /// </summary>
    public static ISiloBuilder AddQuiescenceTracking(this ISiloBuilder silo, QuiescenceTracker tracker, VirtualClock? clock = null)
    {
        silo.Services.AddSingleton(tracker);
        silo.Services.Replace(ServiceDescriptor.Singleton<IBackgroundWork>(tracker));
        silo.Services.AddSingleton<CallCycleDetector>();
        // The cycle detector goes first on the way out, so a cycle fails before anything is counted as sent.
        silo.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<CallCycleDetector>());
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<CallCycleDetector>());
        silo.AddIncomingGrainCallFilter<QuiescenceIncomingCallFilter>();
        silo.AddOutgoingGrainCallFilter<QuiescenceOutgoingCallFilter>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new AttachTracker(sp.GetRequiredService<ILocalSiloDetails>(), tracker, clock));
        if (clock is not null)
        {
            silo.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            // Every keyed area on real time (as Orleans.TestingHost's UseTimeProviderForBackgroundAreas does), except the
            // grains' own clock, which resolves the unkeyed (virtual) one, and the reminders' clock below.
            silo.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);
            silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, (sp, _) => sp.GetRequiredService<TimeProvider>());
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, new TrackedReminderClock(clock, tracker));
        }
        return silo;
    }

    /// <summary>Connects the tracker to this silo's events and the clock for the silo's lifetime (a restarted host in
    /// the same test gets a tracker of its own), from the first stage of the silo's lifecycle: before the reminder service
    /// or any grain starts, so none of this silo's work is missed and no other silo's is counted.</summary>
    private sealed class AttachTracker(ILocalSiloDetails silo, QuiescenceTracker tracker, VirtualClock? clock) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle)
            => lifecycle.Subscribe(nameof(AttachTracker), ServiceLifecycleStage.First, Start, Stop);

        private Task Start(CancellationToken cancellationToken)
        {
            tracker.AttachTo(silo.SiloAddress);
            if (clock is not null) clock.TimerFiring += tracker.OnTimerFiring;
            return Task.CompletedTask;
        }

        private Task Stop(CancellationToken cancellationToken)
        {
            if (clock is not null) clock.TimerFiring -= tracker.OnTimerFiring;
            tracker.Dispose();
            return Task.CompletedTask;
        }
    }
}
