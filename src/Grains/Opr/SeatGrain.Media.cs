using CallCenter.Opr;
using CallCenter.Telephony;

namespace CallCenter.Grains.Opr;

// What the board state means on the switch. Every answered party sits in its board's conference (a per-board room, so a
// party's hang-up never takes another leg with it, as a bridge would); holding says who is out of the conversation; the
// operator's handset joins the active board's room (muted to monitor), barges into an outside call, or is parked.
public sealed partial class SeatGrain
{
    /// <summary>
    /// Brings the switch in line with the state: only differences from what the switch was last told are sent, so this is
    /// cheap to call after every change. Commands on legs that are gone are ignored (their hang-up event follows).
    /// </summary>
    private async Task ApplyMediaAsync()
    {
        var operatorFree = LoggedIn && S.Handset.Up && S.Talk is not { Accepted: true };
        for (var i = 1; i <= OprKeys.BoardCount; i++)
        {
            var board = S.Board(i);
            if (board.IsEmpty) continue;
            var operatorPresent = operatorFree && i == S.ActiveBoard && BoardRules.IncludesOperator(board.Mode);
            var external = board.InsertTargetLegId is not null;
            foreach (var side in BothSides)
            {
                if (board.Party(side) is not { Live: true } party) continue;
                var held = BoardRules.PartyHeld(board.Mode, side, operatorPresent, external);
                await PlacePartyAsync(i, party, held);
            }
        }
        await PlaceHandsetAsync(operatorFree);
    }

    private async Task PlacePartyAsync(int boardIndex, PartyRecord party, bool held)
    {
        // A party still ringing out cannot be connected yet; a picked-up caller is answered (by joining) only once someone
        // talks to them, so until then they keep hearing ring-back rather than music.
        var waitingCaller = party.Inbound && party.Status == TalkStatus.Ring;
        if (!party.Answered && !(waitingCaller && !held)) return;

        var conference = BoardConference(boardIndex);
        if (party.MediaConference != conference)
        {
            var joined = await TryAsync("conference join", () => telephony.ConferenceJoinAsync(conference, party.LegId));
            party.MediaConference = joined ? conference : null;
            party.MediaHeld = joined ? false : null;
            if (!joined) return;
        }
        if (party.MediaHeld != held)
        {
            var done = await TryAsync(held ? "hold" : "unhold", () => held ? telephony.HoldAsync(party.LegId) : telephony.UnholdAsync(party.LegId));
            party.MediaHeld = done ? held : null;
        }
        if (!held && party.Status == TalkStatus.TpRing)
        {
            // A party handed over to this board is "taken" once someone talks to it.
            party.Status = TalkStatus.HookOff;
            ReportUserState(party, "hook_off");
        }
    }

    private async Task PlaceHandsetAsync(bool operatorFree)
    {
        if (!S.Handset.Up) return;
        var leg = S.Handset.LegId!;
        string target;
        if (S.Talk is { Accepted: true } talk)
        {
            target = "conf:" + talk.Conference;
        }
        else if (!operatorFree)
        {
            target = "park";
        }
        else
        {
            var board = S.Board(S.ActiveBoard);
            target = BoardRules.Operator(board.Mode, board.InsertTargetLegId is not null) switch
            {
                HandsetPlacement.Conference => "conf:" + BoardConference(S.ActiveBoard),
                HandsetPlacement.ConferenceMuted => "conf-muted:" + BoardConference(S.ActiveBoard),
                HandsetPlacement.Barge => "barge:" + board.InsertTargetLegId,
                _ => "park",
            };
        }
        if (S.Handset.Media == target) return;

        var colon = target.IndexOf(':');
        var (kind, argument) = colon < 0 ? (target, "") : (target[..colon], target[(colon + 1)..]);
        var done = kind switch
        {
            "conf" => await TryAsync("handset join", () => telephony.ConferenceJoinAsync(argument, leg, muted: false)),
            "conf-muted" => await TryAsync("handset join muted", () => telephony.ConferenceJoinAsync(argument, leg, muted: true)),
            "barge" => await TryAsync("handset barge", () => telephony.EavesdropAsync(leg, argument, EavesdropMode.Barge)),
            _ => await TryAsync("handset park", () => telephony.ParkAsync(leg)),
        };
        S.Handset.Media = done ? target : null;
    }

    /// <summary>Calls the operator's handset if it is not up or being called: operations that need the operator's audio
    /// do, event handling never does (a handset that cannot be reached must not be re-dialled in a loop).</summary>
    private async Task EnsureHandsetAsync()
    {
        if (!LoggedIn || S.SeatPhone is null || S.SipDomain is null) return;
        if (S.Handset.LegId is not null && S.Handset.Status is HandsetStatus.Invite or HandsetStatus.Ring or HandsetStatus.HookOff) return;
        var legId = NewLegId();
        S.Handset = new HandsetRecord { LegId = legId, Status = HandsetStatus.Invite, Media = "park" };
        var request = new OriginateRequest(legId, legId, new ExtensionEndpoint(S.SeatPhone, S.SipDomain), S.GroupPhone ?? S.SeatPhone,
            CallerIdName: "operator console", RingTimeout: _options.HandsetRingTimeout, Variables: LegVariables(legId, OprLegVariables.RoleOperator));
        if (!await TryAsync("originate handset", () => telephony.OriginateAsync(request)))
        {
            S.Handset = new HandsetRecord { Status = HandsetStatus.HookOn };
        }
    }
}
