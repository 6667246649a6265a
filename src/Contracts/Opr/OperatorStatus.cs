namespace CallCenter.Opr;

/// <summary>The seat's service state (wire <c>oprstatus</c>).</summary>
[GenerateSerializer, Alias("opr.OperatorStatus")]
public enum OperatorStatus
{
    /// <summary>An operator is logged in and the seat phone is registered (or its registration is not known yet).</summary>
    Logined,
    /// <summary>An operator is logged in but the seat phone is not registered: the seat needs maintenance.</summary>
    Maintaining,
    /// <summary>Nobody is logged in at the seat.</summary>
    Suspending,
}
