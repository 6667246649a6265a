using CallCenter.Opr;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Opr;

// Board operations: pickup, dial, the cord commands, board switch, cross-board move, query_phone.
public sealed partial class SeatGrain
{
    public async Task<OprResult> PickupCallAsync(int boardIndex, string? userId)
    {
        if (Precheck(boardIndex) is { } failure) return failure;
        var board = S.Board(boardIndex);
        if (!board.IsEmpty) return OprResult.Failed(OprReasons.BoardBusy);
        if (Group is not { } group) return OprResult.Failed(OprReasons.NoSuchGroup);

        var variables = LegVariables(null, OprLegVariables.RoleParty, boardIndex, BoardSide.A);
        var call = await group.ClaimCallAsync(new CallClaim(SeatId, userId, variables));
        if (call is null) return OprResult.Failed(OprReasons.NoCall);

        // Still ringing: the caller is answered when they join the board's conference with the operator.
        var party = new PartyRecord { LegId = call.UserId, CallId = call.UserId, Phone = call.PhoneNumber, Inbound = true, Status = TalkStatus.Ring };
        board.A = party;
        board.Mode = BoardMode.SideA;
        S.ActiveBoard = boardIndex;
        ReportUserState(party, "ring");
        await EnsureHandsetAsync();
        await CommitAsync(boardIndex);
        log.LogInformation("Seat {SeatId} picked up call {UserId} from {Caller} on board {Board}", SeatId, call.UserId, call.PhoneNumber, boardIndex);
        return OprResult.Success(View(), call);
    }

    public async Task<OprResult> DialAsync(int boardIndex, BoardSide side, string phone)
    {
        if (Precheck(boardIndex) is { } failure) return failure;
        var board = S.Board(boardIndex);
        if (board.Party(side) is not null) return OprResult.Failed(OprReasons.SideBusy);
        if (!await StartDialAsync(boardIndex, side, phone)) return OprResult.Failed(OprReasons.ServiceNotAvailable);
        S.ActiveBoard = boardIndex;
        await EnsureHandsetAsync();
        await CommitAsync(boardIndex);
        return OprResult.Success(View());
    }

    public async Task<OprResult> ExecuteAsync(int boardIndex, BoardOperation operation)
    {
        if (Precheck(boardIndex) is { } failure) return failure;
        var board = S.Board(boardIndex);
        if (BoardRules.Check(board, operation) is { } reason) return OprResult.Failed(reason);

        switch (operation)
        {
            case BoardOperation.ReleaseA:
            case BoardOperation.ReleaseB:
                await ReleasePartyAsync(board, operation == BoardOperation.ReleaseA ? BoardSide.A : BoardSide.B);
                BoardRules.Normalize(board);
                break;
            case BoardOperation.CleanBoard:
                await ReleasePartyAsync(board, BoardSide.A);
                await ReleasePartyAsync(board, BoardSide.B);
                BoardRules.Normalize(board);
                break;
            case BoardOperation.InsertA:
            case BoardOperation.InsertB:
                var target = board.Party(operation == BoardOperation.InsertA ? BoardSide.A : BoardSide.B)!;
                if (target.Status == TalkStatus.Busy)
                {
                    // The number is busy in a conversation outside this board: barge into it, if the switch has it.
                    var outside = await FindOutsideLegAsync(target.Phone);
                    if (outside is null) return OprResult.Failed(OprReasons.InvalidState);
                    board.InsertTargetLegId = outside;
                }
                else
                {
                    board.InsertTargetLegId = null;
                }
                board.Mode = BoardRules.ModeAfter(operation);
                break;
            default:
                board.Mode = BoardRules.ModeAfter(operation);
                board.InsertTargetLegId = null;
                break;
        }
        if (BoardRules.Activates(operation))
        {
            S.ActiveBoard = boardIndex;
            await EnsureHandsetAsync();
        }
        await CommitAsync(boardIndex);
        return OprResult.Success(View());
    }

    public async Task<OprResult> SwitchBoardAsync(int currentBoard, int nextBoard)
    {
        // The client's idea of the current board may be stale (handShake resyncs it); the server's active board is the
        // one switched away from.
        if (Precheck(nextBoard) is { } failure) return failure;
        if (!OprKeys.IsValidBoard(currentBoard)) return OprResult.Failed(OprReasons.InvalidBoard);
        S.ActiveBoard = nextBoard;
        if (BoardRules.IncludesOperator(S.Board(nextBoard).Mode)) await EnsureHandsetAsync();
        await CommitAsync(nextBoard);
        return OprResult.Success(View());
    }

    public async Task<OprResult> CrossBoardAsync(CrossBoardRequest request)
    {
        if (Precheck(request.CurrentBoard) is { } failure) return failure;
        if (!OprKeys.IsValidBoard(request.NextBoard) || request.NextBoard == request.CurrentBoard) return OprResult.Failed(OprReasons.InvalidBoard);
        var from = S.Board(request.CurrentBoard);
        if (FindSide(from, request.Side, request.UserId) is not { } side) return OprResult.Failed(OprReasons.NoParty);
        var to = S.Board(request.NextBoard);
        BoardSide? free = to.Party(side) is null ? side : to.Party(Other(side)) is null ? Other(side) : null;
        if (free is not { } targetSide) return OprResult.Failed(OprReasons.BoardFull);

        var party = from.Party(side)!;
        from.SetParty(side, null);
        if (from.AnnounceLegId == party.LegId) from.DialAfterAnnounce = from.AnnounceLegId = null;
        BoardRules.Normalize(from);
        var wasEmpty = to.IsEmpty;
        to.SetParty(targetSide, party);
        if (wasEmpty) to.Mode = targetSide == BoardSide.A ? BoardMode.SideA : BoardMode.SideB;
        BoardRules.Normalize(to);
        if (party.Answered)
        {
            // On the new board it waits for the operator like any party handed over.
            party.Status = TalkStatus.TpRing;
            ReportUserState(party, "tpring");
        }
        if (party.Live)
        {
            await TryAsync("set board variables", () => telephony.SetVariablesAsync(party.LegId,
                LegVariables(null, OprLegVariables.RoleParty, request.NextBoard, targetSide)));
        }
        await CommitAsync(request.NextBoard);
        return OprResult.Success(View());
    }

    public async Task<OprResult> QueryPhoneAsync(int boardIndex, string phone, bool call)
    {
        if (Precheck(boardIndex) is { } failure) return failure;
        var board = S.Board(boardIndex);
        var side = board.Mode is BoardMode.SideB or BoardMode.SplitB or BoardMode.InsertB ? BoardSide.B : BoardSide.A;
        if (board.Party(side) is null) side = Other(side);
        if (board.Party(side) is not { } party) return OprResult.Failed(OprReasons.NoParty);
        if (!party.Answered) return OprResult.Failed(OprReasons.InvalidState);
        if (call && board.Party(Other(side)) is not null) return OprResult.Failed(OprReasons.SideBusy);

        var prompt = string.Format(System.Globalization.CultureInfo.InvariantCulture, _options.AnnouncePrompt, phone);
        // Mixed under the conversation, so the operator hears the announcement with the party.
        if (!await TryAsync("announce", () => telephony.PlayAsync(party.LegId, prompt, mixed: true)))
            return OprResult.Failed(OprReasons.ServiceNotAvailable);
        if (call)
        {
            board.DialAfterAnnounce = phone;
            board.DialAfterAnnounceSide = Other(side);
            board.AnnounceLegId = party.LegId;
        }
        await CommitAsync(boardIndex, push: false);
        return OprResult.Success(View());
    }

    /// <summary>Places a party leg on a side of a board and dials it; the operator turns to that side.</summary>
    /// <returns>False if the switch refused to dial (the board is unchanged).</returns>
    private async Task<bool> StartDialAsync(int boardIndex, BoardSide side, string phone)
    {
        var board = S.Board(boardIndex);
        var legId = NewLegId();
        var callId = board.A?.CallId ?? board.B?.CallId ?? legId;
        var destination = await ResolveEndpointAsync(phone);
        var party = new PartyRecord { LegId = legId, CallId = callId, Phone = phone, Status = TalkStatus.Calling };
        var previousMode = board.Mode;
        var previousInsert = board.InsertTargetLegId;
        board.SetParty(side, party);
        board.Mode = side == BoardSide.A ? BoardMode.SideA : BoardMode.SideB;
        board.InsertTargetLegId = null;

        var request = new OriginateRequest(legId, callId, destination, S.GroupPhone ?? S.SeatPhone ?? "",
            RingTimeout: _options.PartyRingTimeout, Variables: LegVariables(callId, OprLegVariables.RoleParty, boardIndex, side));
        try
        {
            await telephony.OriginateAsync(request);
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning("Seat {SeatId} could not dial {Phone}: {Reason}", SeatId, phone, e.Reason);
            board.SetParty(side, null);
            board.Mode = previousMode;
            board.InsertTargetLegId = previousInsert;
            BoardRules.Normalize(board);
            return false;
        }
        ReportUserState(party, "calling");
        return true;
    }

    /// <summary>An extension of the tenant is dialled as such; anything else goes out through the PSTN gateway.</summary>
    private async Task<Endpoint> ResolveEndpointAsync(string phone)
        => S.SipDomain is { } domain && await Extension(phone).GetAsync() is not null
            ? new ExtensionEndpoint(phone, domain)
            : new PstnEndpoint(phone, _options.PstnGateway, _options.DialPrefix);

    /// <summary>Force-release (强拆): the party's leg is hung up and the party leaves the board at once.</summary>
    private async Task ReleasePartyAsync(BoardRecord board, BoardSide side)
    {
        if (board.Party(side) is not { } party) return;
        board.SetParty(side, null);
        if (board.AnnounceLegId == party.LegId) board.DialAfterAnnounce = board.AnnounceLegId = null;
        if (party.Live)
        {
            RememberEnded(party.LegId);
            await TryAsync("release", () => telephony.HangupAsync(party.LegId, HangupCauses.ManagerRequest));
        }
        ReportUserState(party, "hook_on");
    }

    /// <summary>The live leg of this tenant's that carries <paramref name="phone"/>'s current conversation, for insert.</summary>
    private async Task<string?> FindOutsideLegAsync(string phone)
    {
        var legs = await telephony.ListLegsAsync();
        return legs
            .Where(l => l.Variables.TryGetValue(ChannelVariables.Tenant, out var tenant) && tenant == TenantId)
            .Where(l => l.AnsweredAt is not null && l.State != LegState.Hungup)
            .Where(l => (l.Direction == LegDirection.Outbound && l.DestinationNumber == phone) || (l.Direction == LegDirection.Inbound && l.CallerIdNumber == phone))
            .Select(l => l.LegId)
            .FirstOrDefault();
    }

    private OprResult? Precheck(int boardIndex)
        => !LoggedIn ? OprResult.Failed(OprReasons.NotLogined)
            : !OprKeys.IsValidBoard(boardIndex) ? OprResult.Failed(OprReasons.InvalidBoard)
            : null;

    private static readonly BoardSide[] BothSides = [BoardSide.A, BoardSide.B];

    private static BoardSide Other(BoardSide side) => side == BoardSide.A ? BoardSide.B : BoardSide.A;

    /// <summary>The side named, else the side whose party has <paramref name="userId"/>.</summary>
    private static BoardSide? FindSide(BoardRecord board, BoardSide? side, string? userId)
    {
        if (side is { } s) return board.Party(s) is null ? null : s;
        if (userId is null) return null;
        if (board.A?.LegId == userId) return BoardSide.A;
        if (board.B?.LegId == userId) return BoardSide.B;
        return null;
    }
}
