namespace CallCenter.Telephony.Simulated;

// Eavesdrop (listen, whisper, barge), three-way, and the audio-path graph that says who hears whom.
public sealed partial class SimulatedSwitch
{
    public Task EavesdropAsync(string listenerLegId, string targetLegId, EavesdropMode mode, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (listenerLegId, targetLegId, mode), static (s, a) =>
            s.SuperviseLocked("eavesdrop", a.listenerLegId, a.targetLegId, SupervisionModes.From(a.mode)));

    public Task ThreeWayAsync(string thirdLegId, string targetLegId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (thirdLegId, targetLegId), static (s, a) =>
            s.SuperviseLocked("three_way", a.thirdLegId, a.targetLegId, SupervisionMode.ThreeWay));

    public bool CanHear(string listenerLegId, string speakerLegId)
    {
        lock (_gate) return AudioPathGraph.Build(_legs.Values).Contains((listenerLegId, speakerLegId));
    }

    public IReadOnlyList<AudioPath> AudioPaths()
    {
        lock (_gate)
        {
            return AudioPathGraph.Build(_legs.Values)
                .Select(p => new AudioPath(p.Listener, p.Speaker))
                .OrderBy(p => p.ListenerLegId, StringComparer.Ordinal)
                .ThenBy(p => p.SpeakerLegId, StringComparer.Ordinal)
                .ToArray();
        }
    }

    /// <summary>Attaches a supervisor to the target's channel (not to a bridge): like FreeSWITCH's eavesdrop, it follows
    /// the target through transfers and holds, and ends when the target hangs up. Calling again switches the mode, as
    /// the eavesdrop DTMF keys do.</summary>
    private void SuperviseLocked(string command, string supervisorLegId, string targetLegId, SupervisionMode mode)
    {
        var supervisor = RequireLeg(command, supervisorLegId);
        var target = RequireLeg(command, targetLegId);
        if (ReferenceEquals(supervisor, target)) throw Refused(command, "a leg cannot supervise itself");
        EnsureConnectable(command, supervisor);
        if (ReferenceEquals(target.SupervisedLeg, supervisor)) throw Refused(command, "the target is supervising this leg");
        if (ReferenceEquals(supervisor.SupervisedLeg, target))
        {
            supervisor.Supervision = mode;
            return;
        }
        DetachLocked(supervisor);
        AnswerInboundLocked(supervisor);
        UnholdLocked(supervisor);
        supervisor.SupervisedLeg = target;
        supervisor.Supervision = mode;
        (target.Supervisors ??= []).Add(supervisor);
        MarkConnected(supervisor);
    }

    private static void StopSupervisionLocked(SimulatedLeg supervisor)
    {
        if (supervisor.SupervisedLeg is not { } target) return;
        target.Supervisors?.Remove(supervisor);
        supervisor.SupervisedLeg = null;
    }
}
