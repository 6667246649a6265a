using CallCenter.Management;
using CallCenter.Management.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CallCenter.Grains.Management.Events;

public sealed class TenantEventLogState
{
    /// <summary>Events per segment, fixed at the first append: position p lives in segment (p - 1) / SegmentSize.</summary>
    public int SegmentSize { get; set; }

    /// <summary>The last position known when this record was last written (at every segment change); the true last
    /// position is read back from the segments after a restart.</summary>
    public long LastPositionHint { get; set; }

    /// <summary>Full segments still retained, oldest first, with the time of their newest event.</summary>
    public List<SealedSegment> Sealed { get; set; } = [];
}

public sealed class SealedSegment
{
    public long Number { get; set; }
    public DateTimeOffset LastAt { get; set; }
}

/// <summary>
/// A tenant's durable event log (see <see cref="ITenantEventLogGrain"/>). Events go to fixed-size segment grains, so an
/// append writes one small record (two when it fills a segment); this grain's own record changes only when a segment
/// fills, which is also when retention drops whole old segments. Positions are dense: the next one after a restart is
/// found by reading the segments.
/// </summary>
[GrainType("event-log")]
public sealed class TenantEventLogGrain(
    [PersistentState("event-log")] IPersistentState<TenantEventLogState> state,
    IOptions<EventLogOptions> options,
    TimeProvider clock,
    ILogger<TenantEventLogGrain> log) : Grain, ITenantEventLogGrain
{
    private readonly ObserverManager<IEventLogObserver> _edges = new(options.Value.SubscriptionExpiry, log);
    private long _lastPosition;

    private TenantEventLogState S => state.State;

    private string TenantId => ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private int Size => S.SegmentSize > 0 ? S.SegmentSize : Math.Max(1, options.Value.SegmentSize);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastPosition = S.LastPositionHint;
        // Walk forward from the hint through every full segment written since.
        while (true)
        {
            var last = await Segment(SegmentOf(_lastPosition + 1)).LastPositionAsync();
            if (last <= _lastPosition) break;
            _lastPosition = last;
        }
    }

    public async Task AppendAsync(IReadOnlyList<ManagementEvent> events)
    {
        if (events.Count == 0) return;
        if (S.SegmentSize == 0) S.SegmentSize = Size;
        var logged = new List<LoggedEvent>(events.Count);
        foreach (var e in events) logged.Add(new LoggedEvent(_lastPosition + logged.Count + 1, e));

        try
        {
            var sealedAny = false;
            foreach (var slice in logged.GroupBy(e => SegmentOf(e.Position)))
            {
                var items = slice.ToList();
                await Segment(slice.Key).AppendAsync(items);
                if (items[^1].Position % Size == 0)
                {
                    S.Sealed.Add(new SealedSegment { Number = slice.Key, LastAt = items[^1].Event.At });
                    sealedAny = true;
                }
            }
            _lastPosition = logged[^1].Position;
            if (sealedAny) await SealAsync();
        }
        catch
        {
            // Part of the batch may be stored: the next activation finds the true end from the segments, so no position is
            // ever given to two events.
            DeactivateOnIdle();
            throw;
        }

        await _edges.Notify(edge => edge.OnLoggedAsync(TenantId, logged));
    }

    public async Task<EventLogPage> ReadAsync(long afterPosition, int max)
    {
        var bounds = Bounds();
        var from = Math.Max(afterPosition, bounds.OldestPosition - 1);
        var events = new List<LoggedEvent>();
        while (events.Count < max && from < _lastPosition)
        {
            var page = await Segment(SegmentOf(from + 1)).ReadAsync(from, max - events.Count);
            if (page.Count == 0) break;
            events.AddRange(page);
            from = page[^1].Position;
        }
        return new EventLogPage(events, bounds);
    }

    public Task<EventLogBounds> SubscribeAsync(IEventLogObserver observer)
    {
        _edges.Subscribe(observer, observer);
        return Task.FromResult(Bounds());
    }

    public Task UnsubscribeAsync(IEventLogObserver observer)
    {
        _edges.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Records the segment change and drops what retention no longer keeps: segments older than
    /// <see cref="EventLogOptions.Retention"/>, and the oldest beyond <see cref="EventLogOptions.MaxEvents"/>.</summary>
    private async Task SealAsync()
    {
        var settings = options.Value;
        var cutoff = clock.GetUtcNow() - settings.Retention;
        var keepSegments = Math.Max(1, (settings.MaxEvents + Size - 1) / Size);
        var expired = S.Sealed.Where((s, i) => s.LastAt < cutoff || S.Sealed.Count - i >= keepSegments).ToList();
        S.LastPositionHint = _lastPosition;
        S.Sealed.RemoveAll(expired.Contains);
        await state.WriteStateAsync();
        // Dropped after the record no longer names them: a crash in between leaves an orphan, never a hole.
        foreach (var segment in expired) await Segment(segment.Number).ClearAsync();
    }

    private EventLogBounds Bounds()
    {
        var oldestSegment = S.Sealed.Count > 0 ? S.Sealed[0].Number : SegmentOf(_lastPosition + 1);
        var oldest = Math.Min(oldestSegment * Size + 1, _lastPosition + 1);
        return new EventLogBounds(oldest, _lastPosition);
    }

    private long SegmentOf(long position) => (position - 1) / Size;

    private IEventLogSegmentGrain Segment(long number) => GrainFactory.GetGrain<IEventLogSegmentGrain>(ManagementKeys.EventLogSegment(TenantId, number));
}
