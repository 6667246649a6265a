namespace CallCenter.Runtime.Core;

internal enum ActivationState
{
    /// <summary>Created; its first turn (activation) has not finished.</summary>
    Creating,

    /// <summary>Running calls.</summary>
    Valid,

    /// <summary>Running its last turn (OnDeactivateAsync); calls that arrive meanwhile wait for the successor.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a sender that still holds it looks the grain up again.</summary>
    Invalid,
}
