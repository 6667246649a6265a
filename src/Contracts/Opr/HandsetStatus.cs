namespace CallCenter.Opr;

/// <summary>The operator's own phone (the seat phone) as the console sees it (wire <c>callstatus</c>).</summary>
[GenerateSerializer, Alias("opr.HandsetStatus")]
public enum HandsetStatus
{
    /// <summary>No call to the handset has been made since login.</summary>
    Init,
    /// <summary>We are calling the handset.</summary>
    Invite,
    /// <summary>The handset rings.</summary>
    Ring,
    /// <summary>The handset hung up (or could not be reached); the next operation that needs it calls it again.</summary>
    HookOn,
    /// <summary>The handset is off hook: the operator is on the line.</summary>
    HookOff,
    /// <summary>Operator-to-operator talk (席连) offered or requested, not answered yet.</summary>
    P2pRing,
    /// <summary>Operator-to-operator talk in progress.</summary>
    P2pAnswer,
}
