using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Opr;

// transfer_opr: a party moves to another seat. The leg's owner variables are rewritten first, so from then on its events
// go to the receiving seat; the handover itself is one-way, and a seat that cannot take the party hands it back one-way,
// so no two seats ever wait for each other.
public sealed partial class SeatGrain
{
    public async Task<OprResult> TransferAsync(TransferRequest request)
    {
        if (Precheck(request.BoardIndex) is { } failure) return failure;
        var board = S.Board(request.BoardIndex);
        if (FindSide(board, request.Side, request.UserId) is not { } side) return OprResult.Failed(OprReasons.NoParty);
        var party = board.Party(side)!;
        if (!party.Answered) return OprResult.Failed(OprReasons.InvalidState);
        if (request.TargetSeatId == SeatId) return OprResult.Failed(OprReasons.SameSeat);
        if ((await Seat(request.TargetSeatId).GetInfoAsync())?.OperatorId is null) return OprResult.Failed(OprReasons.Operator2NotLogined);

        // Music while the other operator takes it.
        await TryAsync("hold for transfer", () => telephony.HoldAsync(party.LegId));
        var target = new Calls.LegOwner(OprLegOwnerKinds.Seat, OprKeys.Seat(TenantId, request.TargetSeatId));
        var variables = target.ToVariables(TenantId);
        variables[OprLegVariables.Board] = "";
        variables[OprLegVariables.Side] = "";
        if (!await TryAsync("hand over leg", () => telephony.SetVariablesAsync(party.LegId, variables))) return OprResult.Failed(OprReasons.NoParty);

        board.SetParty(side, null);
        if (board.AnnounceLegId == party.LegId) board.DialAfterAnnounce = board.AnnounceLegId = null;
        BoardRules.Normalize(board);
        await CommitAsync(request.BoardIndex);
        await Seat(request.TargetSeatId).ReceiveTransferAsync(new PartyHandover(SeatId, S.OperatorId, party.LegId, party.CallId, party.Phone, party.Status, party.StartTime));
        log.LogInformation("Seat {SeatId} transferred party {Phone} to seat {TargetSeatId}", SeatId, party.Phone, request.TargetSeatId);
        return OprResult.Success(View());
    }

    public async Task ReceiveTransferAsync(PartyHandover handover)
    {
        if (_endedLegs.Contains(handover.LegId)) return;
        var boardIndex = LoggedIn ? FreeBoard() : null;
        if (boardIndex is not { } index)
        {
            var reason = LoggedIn ? OprReasons.NoFreeBoard : OprReasons.Operator2NotLogined;
            var back = new Calls.LegOwner(OprLegOwnerKinds.Seat, OprKeys.Seat(TenantId, handover.FromSeatId)).ToVariables(TenantId);
            if (await TryAsync("hand leg back", () => telephony.SetVariablesAsync(handover.LegId, back)))
                await Seat(handover.FromSeatId).ReturnTransferAsync(handover, reason);
            return;
        }
        if (!await PlaceHandoverAsync(index, handover)) return;
        await CommitAsync(index);
        await Outbox.AppendAsync(new PartyTransferred(handover.FromSeatId, SeatId, handover.LegId, handover.Phone, index));
    }

    public async Task ReturnTransferAsync(PartyHandover handover, string reason)
    {
        if (_endedLegs.Contains(handover.LegId)) return;
        log.LogInformation("Seat {SeatId}: transfer of {Phone} came back ({Reason})", SeatId, handover.Phone, reason);
        if (FreeBoard() is not { } index)
        {
            // Nowhere to put the caller: releasing beats leaving them on hold with no operator able to reach them.
            await TryAsync("release unplaceable party", () => telephony.HangupAsync(handover.LegId, Telephony.HangupCauses.NormalTemporaryFailure));
            return;
        }
        if (!await PlaceHandoverAsync(index, handover)) return;
        await CommitAsync(index);
    }

    /// <returns>False when the switch no longer has the leg: it hung up before the handover arrived (its hang-up event
    /// may have come first, or to an activation that is gone), so there is nobody to place.</returns>
    private async Task<bool> PlaceHandoverAsync(int boardIndex, PartyHandover handover)
    {
        if (!await TryAsync("set board variables", () => telephony.SetVariablesAsync(handover.LegId,
                LegVariables(null, OprLegVariables.RoleParty, boardIndex, BoardSide.A))))
            return false;
        var board = S.Board(boardIndex);
        var party = new PartyRecord
        {
            LegId = handover.LegId,
            CallId = handover.CallId,
            Phone = handover.Phone,
            Status = handover.TalkStatus is TalkStatus.HookOff or TalkStatus.TpRing ? TalkStatus.TpRing : handover.TalkStatus,
            StartTime = handover.StartTime,
        };
        board.A = party;
        board.Mode = BoardMode.SideA;
        ReportUserState(party, "tpring");
        return true;
    }

    /// <summary>The first empty board, preferring one that is not active so the operator's current work is not disturbed.</summary>
    private int? FreeBoard()
    {
        for (var i = 1; i <= OprKeys.BoardCount; i++)
        {
            if (i != S.ActiveBoard && S.Board(i).IsEmpty) return i;
        }
        return S.Board(S.ActiveBoard).IsEmpty ? S.ActiveBoard : null;
    }
}
