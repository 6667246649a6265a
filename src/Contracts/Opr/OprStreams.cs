namespace CallCenter.Opr;

/// <summary>The streams that carry operator-console domain events from grains to the edge.</summary>
public static class OprStreams
{
    /// <summary>The runtime's stream provider these streams use.</summary>
    public const string Provider = "Default";

    /// <summary>Every push of one seat, sequenced (<see cref="Pushes.SequencedPush"/>); key: the seat's outbox key
    /// (<see cref="OprKeys.Outbox"/>). Websocket sessions subscribe.</summary>
    public const string PushNamespace = "opr-push";

    /// <summary>One stream (key <see cref="CallbackKey"/>) telling HTTP callback workers which outbox has work
    /// (<see cref="CallbackWorkAvailable"/>).</summary>
    public const string CallbackNamespace = "opr-callback";

    public const string CallbackKey = "_all";

    /// <summary>One stream per operator-to-operator talk (key <see cref="OprKeys.Talk"/>) carrying its
    /// <see cref="TalkDecision"/>.</summary>
    public const string TalkNamespace = "opr-talk";
}
