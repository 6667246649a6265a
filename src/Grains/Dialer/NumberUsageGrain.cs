using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer;

/// <summary>Counts a number's calls per local day across the tenant's tasks, so the daily limit holds whichever task
/// dials it. One grain per number keeps the check a single turn, without a shared table to lock.</summary>
[GrainType("dialer-number-usage")]
public sealed class NumberUsageGrain([PersistentState("usage")] IPersistentState<NumberUsageState> state) : Grain, INumberUsageGrain
{
    public async Task<bool> TryCountAsync(string localDate, int limit, string callId)
    {
        var s = state.State;
        if (s.Date != localDate)
        {
            s.Date = localDate;
            s.CallIds.Clear();
        }
        if (s.CallIds.Contains(callId)) return true;
        if (s.CallIds.Count >= limit) return false;
        s.CallIds.Add(callId);
        await state.WriteStateAsync();
        // A number is counted a few times a day at most: the state is in storage, the activation need not stay.
        DeactivateOnIdle();
        return true;
    }
}

public sealed class NumberUsageState
{
    public string? Date { get; set; }
    public HashSet<string> CallIds { get; set; } = new(StringComparer.Ordinal);
}
