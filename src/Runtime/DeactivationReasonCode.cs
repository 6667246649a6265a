namespace CallCenter.Runtime;

/// <summary>Why an activation is being deactivated (the subset of Orleans' codes this runtime produces).</summary>
public enum DeactivationReasonCode
{
    None = 0,
    ShuttingDown = 1,
    ActivationIdle = 4,
    ApplicationError = 8,
    ApplicationRequested = 9,
}
