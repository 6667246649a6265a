using CallCenter.Opr;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Opr;

// Switch events of the seat's legs: the only source of talkstatus, starttime and callstatus.
public sealed partial class SeatGrain
{
    public async Task OnSwitchEventAsync(SwitchEvent switchEvent)
    {
        if (switchEvent.LegId.Length > 0 && switchEvent.LegId == S.Handset.LegId)
        {
            await OnHandsetEventAsync(switchEvent);
            return;
        }
        if (FindParty(switchEvent.LegId) is not { } found)
        {
            if (switchEvent is LegHungUp) RememberEnded(switchEvent.LegId);
            return;
        }
        var (boardIndex, side, party) = found;
        var board = S.Board(boardIndex);
        switch (switchEvent)
        {
            case LegRinging when party.Status == TalkStatus.Calling:
                party.Status = TalkStatus.Ring;
                ReportUserState(party, "ring");
                break;
            case LegAnswered answered:
                party.StartTime ??= answered.Timestamp;
                if (party.Status != TalkStatus.TpRing) party.Status = TalkStatus.HookOff;
                ReportUserState(party, "hook_off");
                break;
            case LegHungUp hungUp:
                OnPartyHungUp(board, side, party, hungUp);
                break;
            case PlaybackFinished when board.AnnounceLegId == party.LegId && board.DialAfterAnnounce is { } phone:
                var dialSide = board.DialAfterAnnounceSide;
                board.DialAfterAnnounce = board.AnnounceLegId = null;
                // The operator asked for this on the board (query_phone): dial on, as calla/callb would.
                if (board.Party(dialSide) is null && LoggedIn) await StartDialAsync(boardIndex, dialSide, phone);
                break;
            default:
                return;
        }
        await CommitAsync(boardIndex);
    }

    private void OnPartyHungUp(BoardRecord board, BoardSide side, PartyRecord party, LegHungUp hungUp)
    {
        if (!party.Answered && hungUp.Cause == HangupCauses.UserBusy)
        {
            // A busy number stays on the board: the operator may insert into its conversation or clear it.
            party.Live = false;
            party.Status = TalkStatus.Busy;
            party.MediaConference = null;
            party.MediaHeld = null;
            ReportUserState(party, "busy");
        }
        else
        {
            board.SetParty(side, null);
            if (board.AnnounceLegId == party.LegId) board.DialAfterAnnounce = board.AnnounceLegId = null;
            ReportUserState(party, "hook_on");
            log.LogInformation("Seat {SeatId}: party {Phone} left ({Cause})", SeatId, party.Phone, hungUp.Cause);
        }
        BoardRules.Normalize(board);
    }

    private async Task OnHandsetEventAsync(SwitchEvent switchEvent)
    {
        switch (switchEvent)
        {
            case LegRinging when S.Handset.Status == HandsetStatus.Invite:
                S.Handset.Status = HandsetStatus.Ring;
                break;
            case LegAnswered answered:
                S.Handset.Status = HandsetStatus.HookOff;
                S.Handset.StartTime = answered.Timestamp;
                break;
            case LegHungUp hungUp:
                log.LogInformation("Seat {SeatId}: handset hung up ({Cause})", SeatId, hungUp.Cause);
                S.Handset = new HandsetRecord { Status = HandsetStatus.HookOn };
                // The operator put the phone down during an operator talk: that ends the talk (hangup_to_opr to the peer).
                if (S.Talk is { Accepted: true } talk) await EndTalkAsync(talk, byPeer: false);
                break;
            default:
                return;
        }
        await CommitAsync(S.ActiveBoard);
    }

    private (int Board, BoardSide Side, PartyRecord Party)? FindParty(string legId)
    {
        if (legId.Length == 0) return null;
        for (var i = 1; i <= OprKeys.BoardCount; i++)
        {
            var board = S.Board(i);
            if (board.A is { } a && a.LegId == legId) return (i, BoardSide.A, a);
            if (board.B is { } b && b.LegId == legId) return (i, BoardSide.B, b);
        }
        return null;
    }
}
