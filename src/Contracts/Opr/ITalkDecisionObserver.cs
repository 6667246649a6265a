namespace CallCenter.Opr;

/// <summary>The edge answering a talk_to_opr request: the calling seat tells it once the talk is accepted, rejected or not
/// answered (<see cref="TalkRequest.ReplyTo"/>).</summary>
[Alias("opr.ITalkDecisionObserver")]
public interface ITalkDecisionObserver : IGrainObserver
{
    [OneWay]
    Task OnTalkDecidedAsync(TalkDecision decision);
}
