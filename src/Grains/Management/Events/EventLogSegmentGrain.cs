using CallCenter.Management.Events;

namespace CallCenter.Grains.Management.Events;

public sealed class EventLogSegmentState
{
    public List<LoggedEvent> Events { get; set; } = [];
}

/// <summary>One slice of a tenant's event log (see <see cref="IEventLogSegmentGrain"/>): what it holds is written
/// before <see cref="AppendAsync"/> answers.</summary>
[GrainType("event-log-segment")]
public sealed class EventLogSegmentGrain([PersistentState("event-log-segment")] IPersistentState<EventLogSegmentState> state)
    : Grain, IEventLogSegmentGrain
{
    public async Task AppendAsync(IReadOnlyList<LoggedEvent> events)
    {
        var last = state.State.Events.Count > 0 ? state.State.Events[^1].Position : 0;
        // A retried append (the log's write failed after ours succeeded) must not store an event twice.
        state.State.Events.AddRange(events.Where(e => e.Position > last));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterPosition, int max)
        => Task.FromResult<IReadOnlyList<LoggedEvent>>(state.State.Events.Where(e => e.Position > afterPosition).Take(max).ToList());

    public Task<long> LastPositionAsync() => Task.FromResult(state.State.Events.Count > 0 ? state.State.Events[^1].Position : 0L);

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
