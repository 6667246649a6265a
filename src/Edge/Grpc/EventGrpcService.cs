using Grpc.Core;
using Microsoft.Extensions.Options;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>
/// callcenter.v1.EventService: the tenant's event log as a resumable stream. A subscriber joins the live fan-out first,
/// then reads the log from its position, then takes live events, each strictly at the next position: a repeat (an event
/// both read back and heard live) is skipped, and a gap (a dropped or late notification) is read back from the log
/// before anything after it. So a stream never repeats or reorders a position; a client that resumes from the last
/// position it processed receives everything after it exactly once (docs/grpc.md, "at least once" at the client's edge).
/// </summary>
internal sealed class EventGrpcService(GrpcEventFanout fanout, IOptions<GrpcOptions> options) : V1.EventService.EventServiceBase
{
    private const int PageSize = 500;

    public override async Task<V1.LogPosition> GetPosition(V1.GetPositionRequest request, ServerCallContext context)
    {
        var page = await fanout.Log(context.TenantId()).ReadAsync(long.MaxValue, 0).WaitAsync(context.CancellationToken);
        return new V1.LogPosition { OldestPosition = (ulong)page.Bounds.OldestPosition, LastPosition = (ulong)page.Bounds.LastPosition };
    }

    public override async Task Subscribe(V1.SubscribeRequest request, IServerStreamWriter<V1.Event> responseStream, ServerCallContext context)
    {
        if (request.AfterPosition > long.MaxValue) throw GrpcFailure.InvalidArgument("after_position", "after_position is out of range");
        var tenant = context.TenantId();
        var cancel = context.CancellationToken;
        using var subscription = await fanout.SubscribeAsync(tenant, cancel);
        if (!subscription.Accepted)
            throw GrpcFailure.Create(StatusCode.ResourceExhausted, "TOO_MANY_SUBSCRIBERS", $"the tenant already has {options.Value.MaxSubscribersPerTenant} subscribers on this edge");
        var stream = new Cursor(fanout.Log(tenant), request, responseStream, (long)request.AfterPosition);

        var until = request.UntilPosition == 0 || request.UntilPosition > long.MaxValue ? long.MaxValue : (long)request.UntilPosition;
        await stream.CatchUpAsync(until, cancel, first: true);
        var reader = subscription.Reader;
        while (!cancel.IsCancellationRequested && stream.Last < until)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            wait.CancelAfter(options.Value.PollInterval);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token)) return;
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // Quiet for a while: ask the log whether a notification went missing.
                await stream.CatchUpAsync(until, cancel);
                continue;
            }
            while (stream.Last < until && reader.TryRead(out var next))
            {
                if (next.Position <= stream.Last) continue;
                if (next.Position > stream.Last + 1) await stream.CatchUpAsync(next.Position - 1, cancel);
                if (next.Position == stream.Last + 1) await stream.DeliverAsync(next, cancel);
            }
        }
    }

    /// <summary>Where one stream is: the last position it passed (delivered, or filtered out).</summary>
    private sealed class Cursor(CallCenter.Management.Events.ITenantEventLogGrain log, V1.SubscribeRequest filter, IServerStreamWriter<V1.Event> output, long last)
    {
        private bool _gap;

        public long Last { get; private set; } = last;

        /// <summary>Reads the log after <see cref="Last"/> up to <paramref name="through"/> (or its end).</summary>
        public async Task CatchUpAsync(long through, CancellationToken cancel, bool first = false)
        {
            while (Last < through)
            {
                var page = await log.ReadAsync(Last, PageSize).WaitAsync(cancel);
                // Position 0 asks for the oldest retained event, whatever it is.
                if (Last > 0 && page.Bounds.OldestPosition > Last + 1 && page.Bounds.LastPosition > Last)
                {
                    // Events after our position were dropped by the retention.
                    if (first && !filter.AcceptGap)
                        throw GrpcFailure.Create(StatusCode.FailedPrecondition, "POSITION_EXPIRED",
                            $"events after position {Last} are no longer retained; the oldest is {page.Bounds.OldestPosition}",
                            new Dictionary<string, string> { ["oldest_position"] = page.Bounds.OldestPosition.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    _gap = true;
                }
                first = false;
                if (page.Events.Count == 0) return;
                foreach (var e in page.Events)
                {
                    if (e.Position > through) return;
                    await DeliverAsync(e, cancel);
                }
            }
        }

        public async Task DeliverAsync(CallCenter.Management.Events.LoggedEvent e, CancellationToken cancel)
        {
            if (e.Position <= Last) return;
            Last = e.Position;
            if (GrpcEvents.ToWire(e) is not { } wire || !GrpcEvents.Matches(filter, wire)) return;
            wire.GapBefore = _gap;
            _gap = false;
            await output.WriteAsync(wire, cancel);
        }
    }
}
