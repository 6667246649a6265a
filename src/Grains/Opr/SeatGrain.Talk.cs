using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Opr;

// Operator-to-operator talk (席连). The calling seat owns the request and its timeout and tells the decision to the edge
// that waits to answer the caller's talk_to_opr; the two seats only ever call each other one-way.
// Once accepted, both handsets join a conference of their own, so either handset hanging up leaves the other up.
public sealed partial class SeatGrain
{
    private IDisposable? _talkTimer;

    // Where each talk this seat requested is decided (the edge holding the request); memory only, see TalkRequest.ReplyTo.
    private readonly Dictionary<string, ITalkDecisionObserver> _talkReplyTo = new(StringComparer.Ordinal);

    public async Task<OprResult> RequestTalkAsync(TalkRequest request)
    {
        if (S.OperatorId is not { } self) return OprResult.Failed(OprReasons.NotLogined);
        if (S.Talk is not null) return OprResult.Failed(OprReasons.TalkBusy);
        if (request.TargetSeatId == SeatId) return OprResult.Failed(OprReasons.SameSeat);

        var talk = new TalkRecord
        {
            TalkId = request.TalkId,
            PeerSeatId = request.TargetSeatId,
            PeerOperatorId = request.TargetOperatorId,
            SelfOperatorId = self,
            Outgoing = true,
            Conference = $"opr-{TenantId}-talk-{request.TalkId}",
        };
        S.Talk = talk;
        await CommitAsync(S.ActiveBoard);
        if (request.ReplyTo is not null) _talkReplyTo[talk.TalkId] = request.ReplyTo;
        StartTalkTimer(talk.TalkId);
        await Seat(talk.PeerSeatId).OfferTalkAsync(new TalkOffer(talk.TalkId, SeatId, self, talk.PeerOperatorId, talk.Conference));
        return OprResult.Success(View());
    }

    public async Task OfferTalkAsync(TalkOffer offer)
    {
        // The caller ended this talk already and its end overtook the offer: nothing to show, nobody to answer.
        if (S.EndedTalks.Contains(offer.TalkId)) return;
        var refusal = S.OperatorId != offer.ToOperatorId ? OprReasons.Operator2NotLogined
            : S.Talk is not null ? OprReasons.TalkBusy
            : null;
        if (refusal is not null)
        {
            await Seat(offer.FromSeatId).OnTalkAnsweredAsync(new TalkAnswer(offer.TalkId, false, refusal));
            return;
        }
        S.Talk = new TalkRecord
        {
            TalkId = offer.TalkId,
            PeerSeatId = offer.FromSeatId,
            PeerOperatorId = offer.FromOperatorId,
            SelfOperatorId = offer.ToOperatorId,
            Outgoing = false,
            Conference = offer.Conference,
        };
        await CommitAsync(S.ActiveBoard);
        await Outbox.AppendAsync(new TalkRequested(offer.TalkId, offer.FromOperatorId, offer.ToOperatorId, offer.FromSeatId, SeatId));
    }

    public async Task<OprResult> AnswerTalkAsync(string? fromOperatorId, bool accept)
    {
        if (!LoggedIn) return OprResult.Failed(OprReasons.NotLogined);
        if (S.Talk is not { Outgoing: false, Accepted: false } talk || (fromOperatorId is not null && fromOperatorId != talk.PeerOperatorId))
            return OprResult.Failed(OprReasons.NoTalk);
        if (accept)
        {
            talk.Accepted = true;
            await EnsureHandsetAsync();
        }
        else
        {
            S.Talk = null;
        }
        await CommitAsync(S.ActiveBoard);
        await Seat(talk.PeerSeatId).OnTalkAnsweredAsync(new TalkAnswer(talk.TalkId, accept, accept ? null : OprReasons.Reject));
        log.LogInformation("Operator {OperatorId} {Answer} the talk from {PeerOperatorId}", talk.SelfOperatorId, accept ? "accepted" : "rejected", talk.PeerOperatorId);
        return OprResult.Success(View());
    }

    public async Task OnTalkAnsweredAsync(TalkAnswer answer)
    {
        if (S.Talk is not { Outgoing: true, Accepted: false } talk || talk.TalkId != answer.TalkId) return;
        StopTalkTimer();
        if (answer.Accepted)
        {
            talk.Accepted = true;
            await EnsureHandsetAsync();
        }
        else
        {
            S.Talk = null;
        }
        await CommitAsync(S.ActiveBoard);
        await PublishTalkDecisionAsync(new TalkDecision(answer.TalkId, answer.Accepted, answer.Accepted ? null : answer.Reason ?? OprReasons.Reject));
    }

    public async Task<OprResult> HangupTalkAsync()
    {
        if (!LoggedIn) return OprResult.Failed(OprReasons.NotLogined);
        if (S.Talk is not { } talk) return OprResult.Failed(OprReasons.NoTalk);
        await EndTalkAsync(talk, byPeer: false);
        await CommitAsync(S.ActiveBoard);
        return OprResult.Success(View());
    }

    public async Task OnTalkEndedAsync(string talkId, string byOperatorId)
    {
        if (S.Talk is not { } talk || talk.TalkId != talkId)
        {
            // Ended before it was offered here (or after this seat refused or forgot it): remembered, in case the offer
            // is still on its way. Persisted, as the offer may find a new activation.
            if (S.EndedTalks.Contains(talkId)) return;
            S.EndedTalks.Add(talkId);
            if (S.EndedTalks.Count > 16) S.EndedTalks.RemoveAt(0);
            await store.WriteStateAsync();
            return;
        }
        await EndTalkAsync(talk, byPeer: true);
        await CommitAsync(S.ActiveBoard);
        // The original forwarded hangup_to_opr to the other operator.
        await Outbox.AppendAsync(new TalkEnded(talkId, talk.Operator1Id, talk.Operator2Id, byOperatorId));
    }

    /// <summary>Forgets the talk (the handset goes back to the boards on the next media pass), tells the peer unless it
    /// was the peer that ended it, and settles a caller still waiting for a decision.</summary>
    private async Task EndTalkAsync(TalkRecord talk, bool byPeer)
    {
        S.Talk = null;
        if (talk.Outgoing)
        {
            StopTalkTimer();
            if (!talk.Accepted) await PublishTalkDecisionAsync(new TalkDecision(talk.TalkId, false, byPeer ? OprReasons.Reject : OprReasons.Cancelled));
        }
        if (!byPeer) await Seat(talk.PeerSeatId).OnTalkEndedAsync(talk.TalkId, talk.SelfOperatorId);
    }

    private void StartTalkTimer(string talkId)
    {
        StopTalkTimer();
        _talkTimer = this.RegisterGrainTimer(async () =>
        {
            if (S.Talk is not { Outgoing: true, Accepted: false } talk || talk.TalkId != talkId) return;
            S.Talk = null;
            _talkTimer = null;
            try
            {
                await CommitAsync(S.ActiveBoard);
                await PublishTalkDecisionAsync(new TalkDecision(talkId, false, OprReasons.NoAnswer));
                await Seat(talk.PeerSeatId).OnTalkEndedAsync(talkId, talk.SelfOperatorId);
            }
            catch (Exception e)
            {
                // Timer callbacks bypass the seat's call filter (SeatGrain.Guard.cs): the same rule, applied here.
                AbandonActivation(e, "talk answer timeout");
            }
        }, _options.TalkAnswerTimeout, Timeout.InfiniteTimeSpan);
    }

    private void StopTalkTimer()
    {
        _talkTimer?.Dispose();
        _talkTimer = null;
    }

    private Task PublishTalkDecisionAsync(TalkDecision decision)
    {
        if (!_talkReplyTo.Remove(decision.TalkId, out var replyTo)) return Task.CompletedTask;
        return replyTo.OnTalkDecidedAsync(decision);
    }
}
