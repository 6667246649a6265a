namespace CallCenter.Telephony.Simulated;

// Conference rooms: join, kick, mute, list, destroy.
public sealed partial class SimulatedSwitch
{
    public Task ConferenceJoinAsync(string conference, string legId, bool muted = false, bool moderator = false, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (conference, legId, muted, moderator), static (s, a) =>
        {
            if (string.IsNullOrWhiteSpace(a.conference)) throw Refused("conference", "a conference name is required");
            var leg = s.RequireLeg("conference", a.legId);
            EnsureConnectable("conference", leg);
            if (leg.Conference?.Name == a.conference)
            {
                leg.Muted = a.muted;
                leg.Moderator = a.moderator;
                return;
            }
            s.DetachLocked(leg);
            s.AnswerInboundLocked(leg);
            s.UnholdLocked(leg);
            if (!s._conferences.TryGetValue(a.conference, out var room))
            {
                room = new SimulatedConference(a.conference);
                s._conferences.Add(a.conference, room);
            }
            room.Members.Add(leg);
            leg.Conference = room;
            leg.MemberId = room.NextMemberId();
            leg.Muted = a.muted;
            leg.Moderator = a.moderator;
            leg.JoinedAt = s.CurrentTime;
            s.EmitMemberJoined(leg, room.Name, leg.MemberId);
            s.MarkConnected(leg);
        });

    /// <summary>Kicking ends the member's call: the conference application returns and the channel has nothing left to
    /// do, as in FreeSWITCH. To take someone out and keep them, bridge or park them instead.</summary>
    public Task ConferenceKickAsync(string conference, string legId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (conference, legId), static (s, a) =>
            s.HangupLocked(s.RequireMember("conference kick", a.conference, a.legId), HangupCauses.NormalClearing, HangupInitiator.Local));

    public Task ConferenceMuteAsync(string conference, string legId, bool muted, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (conference, legId, muted), static (s, a) =>
            s.RequireMember(a.muted ? "conference mute" : "conference unmute", a.conference, a.legId).Muted = a.muted);

    public Task<IReadOnlyList<ConferenceMember>> ConferenceListAsync(string conference, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ConferenceMember> members = _conferences.TryGetValue(conference ?? "", out var room)
                ? room.Members.Select(m => new ConferenceMember(m.Id, m.MemberId!, m.Muted, m.Moderator, m.JoinedAt)).ToArray()
                : [];
            return Task.FromResult(members);
        }
    }

    /// <summary>Hangs up every member; a conference that does not exist (any more) is already destroyed.</summary>
    public Task ConferenceDestroyAsync(string conference, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, conference, static (s, name) =>
        {
            if (!s._conferences.TryGetValue(name ?? "", out var room)) return;
            foreach (var member in room.Members.ToArray()) s.HangupLocked(member, HangupCauses.NormalClearing, HangupInitiator.Local);
        });

    private SimulatedLeg RequireMember(string command, string conference, string legId)
    {
        var leg = RequireLeg(command, legId);
        if (leg.Conference?.Name != conference) throw Refused(command, $"leg '{legId}' is not a member of conference '{conference}'");
        return leg;
    }

    private void LeaveConferenceLocked(SimulatedLeg leg)
    {
        if (leg.Conference is not { } room) return;
        room.Members.Remove(leg);
        var memberId = leg.MemberId!;
        leg.Conference = null;
        leg.MemberId = null;
        leg.Muted = false;
        leg.Moderator = false;
        EmitMemberLeft(leg, room.Name, memberId);
        // FreeSWITCH destroys a conference when its last member leaves; the name may be used again afterwards.
        if (room.Members.Count == 0) _conferences.Remove(room.Name);
    }
}
