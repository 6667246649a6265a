namespace CallCenter.Grains.Opr;

/// <summary>Behaviour of the operator console's grains, section "Opr".</summary>
public sealed class OprOptions
{
    public const string SectionName = "Opr";

    /// <summary>How long a call to a group phone is offered before it overflows, unless the group sets its own; null: no
    /// timeout (offered until picked up or abandoned).</summary>
    public TimeSpan? OfferTimeout { get; set; }

    /// <summary>The gateway calla / callb use for numbers that are not extensions of the tenant.</summary>
    public string PstnGateway { get; set; } = "pstn";

    /// <summary>Prepended on the wire to PSTN numbers (never shown to operators).</summary>
    public string DialPrefix { get; set; } = "";

    /// <summary>How long the operator's handset may ring.</summary>
    public TimeSpan HandsetRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dialled party may ring.</summary>
    public TimeSpan PartyRingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an operator-to-operator talk waits for the other operator to accept.</summary>
    public TimeSpan TalkAnswerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The prompt query_phone plays; {0} is the number (the switch speaks it digit by digit).</summary>
    public string AnnouncePrompt { get; set; } = "say:digits:{0}";

    /// <summary>Pushes a seat's outbox keeps (persisted) for reconnecting clients. Each push is written with the whole
    /// retained list, so this trades resume depth against write size (a boardStateChange is about 1.5 KB).</summary>
    public int OutboxRetention { get; set; } = 100;

    /// <summary>Pushes an offline operator's mailbox keeps (oldest dropped beyond).</summary>
    public int MailboxLimit { get; set; } = 500;

    /// <summary>Chat messages kept per tenant for queryhistorymsg.</summary>
    public int MessageHistoryLimit { get; set; } = 2000;

    /// <summary>An edge that has not renewed its subscription to a seat's pushes (or to callback work) for this long is
    /// dropped.</summary>
    public TimeSpan PushSubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an HTTP callback worker may hold a seat's delivery lease before another worker may take over.</summary>
    public TimeSpan CallbackLease { get; set; } = TimeSpan.FromMinutes(2);
}
