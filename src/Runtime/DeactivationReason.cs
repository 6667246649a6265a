namespace CallCenter.Runtime;

/// <summary>Passed to <see cref="Grain.OnDeactivateAsync"/> so a grain can tell a shutdown from idle collection.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    public override string ToString() => $"{ReasonCode}: {Description}";
}
