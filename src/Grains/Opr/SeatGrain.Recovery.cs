using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Opr;

// Re-attaching to the calls the switch still has, on every activation (after a restart, or after idle collection):
// the persisted boards say what should be; the legs the switch lists under this seat's owner variables say what is.
public sealed partial class SeatGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Registered) return;
        // A talk this seat asked for outlives the activation that timed it (a restart, a failed turn): time it again.
        if (S.Talk is { Outgoing: true, Accepted: false } asked) StartTalkTimer(asked.TalkId);
        var expectsLegs = S.Handset.LegId is not null || S.Boards.Any(b => b.A is { Live: true } || b.B is { Live: true });
        IReadOnlyList<LiveLeg> legs;
        try
        {
            legs = await telephony.ListLegsAsync(cancellationToken);
        }
        catch (Exception e) when (e is SwitchCommandException or OperationCanceledException or TimeoutException)
        {
            log.LogWarning(e, "Seat {SeatId}: could not list the switch's legs; boards are shown as persisted", SeatId);
            return;
        }
        var mine = legs
            .Where(l => l.Variables.TryGetValue(ChannelVariables.Owner, out var owner) && owner == this.GetPrimaryKeyString())
            .ToDictionary(l => l.LegId, StringComparer.Ordinal);
        if (!expectsLegs && mine.Count == 0) return;

        var changed = ReconcileHandset(mine);
        changed |= ReconcileParties(mine);
        var strays = new List<string>();
        changed |= AdoptUnknownLegs(mine, strays);
        foreach (var stray in strays) await TryAsync("hang up stray handset", () => telephony.HangupAsync(stray));
        if (!changed) return;
        log.LogInformation("Seat {SeatId} re-attached to the switch's legs", SeatId);
        await ApplyMediaAsync();
        await store.WriteStateAsync();
        await Outbox.AppendAsync(new BoardStateChanged(SeatId, S.ActiveBoard, View()));
    }

    private bool ReconcileHandset(Dictionary<string, LiveLeg> mine)
    {
        if (S.Handset.LegId is not { } handset) return false;
        if (!mine.Remove(handset, out var live))
        {
            S.Handset = new HandsetRecord { Status = HandsetStatus.HookOn };
            return true;
        }
        S.Handset.Status = live.AnsweredAt is null ? HandsetStatus.Ring : HandsetStatus.HookOff;
        S.Handset.StartTime ??= live.AnsweredAt;
        // What the switch was told before is not known for certain any more: tell it again.
        S.Handset.Media = null;
        return true;
    }

    private bool ReconcileParties(Dictionary<string, LiveLeg> mine)
    {
        var changed = false;
        for (var i = 1; i <= OprKeys.BoardCount; i++)
        {
            var board = S.Board(i);
            foreach (var side in BothSides)
            {
                if (board.Party(side) is not { Live: true } party) continue;
                changed = true;
                if (!mine.Remove(party.LegId, out var live))
                {
                    board.SetParty(side, null);
                    ReportUserState(party, "hook_on");
                    continue;
                }
                if (live.AnsweredAt is { } answeredAt)
                {
                    if (party.Status != TalkStatus.TpRing) party.Status = TalkStatus.HookOff;
                    party.StartTime ??= answeredAt;
                }
                else if (party.Status == TalkStatus.Calling)
                {
                    party.Status = TalkStatus.Ring;
                }
                party.MediaConference = null;
                party.MediaHeld = null;
            }
            BoardRules.Normalize(board);
        }
        return changed;
    }

    /// <summary>Legs that carry this seat as owner but are on no board (the process stopped between placing a leg and
    /// persisting): back on the board and side their variables name, else on a free board; a stray handset leg is ended.</summary>
    private bool AdoptUnknownLegs(Dictionary<string, LiveLeg> mine, List<string> strays)
    {
        var changed = false;
        foreach (var live in mine.Values)
        {
            live.Variables.TryGetValue(ChannelVariables.Role, out var role);
            if (role == OprLegVariables.RoleOperator)
            {
                if (S.Handset.LegId is null && LoggedIn)
                {
                    S.Handset = new HandsetRecord { LegId = live.LegId, Status = live.AnsweredAt is null ? HandsetStatus.Ring : HandsetStatus.HookOff, StartTime = live.AnsweredAt };
                }
                else
                {
                    strays.Add(live.LegId);
                }
                changed = true;
                continue;
            }
            var boardIndex = live.Variables.TryGetValue(OprLegVariables.Board, out var b) && int.TryParse(b, out var parsed) && OprKeys.IsValidBoard(parsed) ? parsed : (int?)null;
            BoardSide? side = live.Variables.TryGetValue(OprLegVariables.Side, out var s) ? s switch { "a" => BoardSide.A, "b" => BoardSide.B, _ => null } : null;
            if (boardIndex is null || side is null || S.Board(boardIndex.Value).Party(side.Value) is not null)
            {
                boardIndex = FreeBoard();
                side = BoardSide.A;
                if (boardIndex is null) continue;
            }
            var board = S.Board(boardIndex.Value);
            var phone = live.Direction == LegDirection.Inbound ? live.CallerIdNumber : live.DestinationNumber;
            board.SetParty(side.Value, new PartyRecord
            {
                LegId = live.LegId,
                CallId = live.CallId ?? live.LegId,
                Phone = phone,
                Inbound = live.Direction == LegDirection.Inbound,
                Status = live.AnsweredAt is null ? TalkStatus.Ring : TalkStatus.TpRing,
                StartTime = live.AnsweredAt,
            });
            if (board.Mode == BoardMode.Empty) board.Mode = side == BoardSide.A ? BoardMode.SideA : BoardMode.SideB;
            BoardRules.Normalize(board);
            changed = true;
        }
        return changed;
    }
}
