namespace CallCenter.Telephony.Simulated;

/// <summary>
/// Who hears whom, derived from the legs' connections. Rules (docs/simulated-network.md):
/// bridged partners hear each other; conference members hear every other unmuted member; a held leg hears only music
/// and nobody hears it; a supervisor hears its target and everything the target hears; in whisper the target also hears
/// the supervisor; in barge and three-way everyone who hears the target hears the supervisor too.
/// </summary>
internal static class AudioPathGraph
{
    public static HashSet<(string Listener, string Speaker)> Build(IEnumerable<SimulatedLeg> legs)
    {
        var paths = new HashSet<(string, string)>();
        var supervisors = new List<SimulatedLeg>();
        foreach (var leg in legs)
        {
            if (!leg.Live) continue;
            if (leg.SupervisedLeg is not null) supervisors.Add(leg);
            if (leg.Held) continue;
            if (leg.Partner is { Held: false } partner) paths.Add((leg.Id, partner.Id));
            if (leg.Conference is { } room)
            {
                foreach (var member in room.Members)
                {
                    if (!ReferenceEquals(member, leg) && !member.Held && !member.Muted) paths.Add((leg.Id, member.Id));
                }
            }
        }
        var direct = paths.ToArray();

        // What supervisors inject: the target (whisper, barge, three-way) and the target's parties (barge, three-way).
        foreach (var supervisor in supervisors)
        {
            var target = supervisor.SupervisedLeg!;
            if (supervisor.Held || target.Held) continue;
            if (supervisor.Supervision.TargetHears()) paths.Add((target.Id, supervisor.Id));
            if (!supervisor.Supervision.PartiesHear()) continue;
            foreach (var (listener, speaker) in direct)
            {
                if (speaker == target.Id && listener != supervisor.Id) paths.Add((listener, supervisor.Id));
            }
        }

        // What supervisors hear: the target, and whatever reaches the target (including other supervisors' voices).
        var heard = paths.ToArray();
        foreach (var supervisor in supervisors)
        {
            var target = supervisor.SupervisedLeg!;
            if (supervisor.Held || target.Held) continue;
            paths.Add((supervisor.Id, target.Id));
            foreach (var (listener, speaker) in heard)
            {
                if (listener == target.Id && speaker != supervisor.Id) paths.Add((supervisor.Id, speaker));
            }
        }
        return paths;
    }
}
