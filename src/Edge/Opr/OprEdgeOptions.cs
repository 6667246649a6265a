namespace CallCenter.Edge.Opr;

/// <summary>Edge settings of the operator console, section "Opr" (the grains read their own settings from the same section).</summary>
public sealed class OprEdgeOptions
{
    public const string SectionName = "Opr";

    /// <summary>The tenant of requests without an API key on this listener (the demo tenant in the embedded run); empty:
    /// a key is required. Defaults to the demo tenant's id when the demo tenant is enabled.</summary>
    public string? DefaultTenant { get; set; }

    /// <summary>Header that carries the API key (also accepted as the <c>apiKey</c> query parameter on the websocket).</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>Largest <c>POST /api</c> body accepted; larger ones get <c>{"status":"failed","reason":"body_too_large"}</c>.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest message a client may send on <c>/api/ws</c> (it needs to send none): over it, the session ends
    /// with <c>{"status":"failed","reason":"message_too_large"}</c> and close 1009.</summary>
    public int MaxWebSocketMessageBytes { get; set; } = 4 * 1024;

    /// <summary>How long talk_to_opr waits for the other operator's accept or reject before failing with no_answer
    /// (the seat's own timeout, Opr:TalkAnswerTimeout, normally answers first).</summary>
    public TimeSpan TalkDecisionTimeout { get; set; } = TimeSpan.FromSeconds(40);

    public OprCallbackOptions Callbacks { get; set; } = new();

    /// <summary>How often this edge renews its subscriptions to the pushes of seats it holds sessions of and to callback
    /// work (the grains drop an edge after <c>Opr:PushSubscriptionExpiry</c>, 2 minutes).</summary>
    public TimeSpan PushSubscriptionRenewal { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>HTTP push delivery to operator clients, section "Opr:Callbacks".</summary>
public sealed class OprCallbackOptions
{
    /// <summary>False: pushes go by websocket only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The callback URL of a client that names none, as the original: <c>{clientIp}</c> is the address the login
    /// came from. Empty: no default.</summary>
    public string DefaultUrl { get; set; } = "http://{clientIp}:8082/";

    /// <summary>Per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per push, the first included. Bounded so one dead client never holds up its seat's later pushes
    /// for long; a push that fails them all is dropped for HTTP (it stays in the outbox for the websocket).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second attempt; doubled before each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
