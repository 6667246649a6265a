using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Opr;

public sealed class OperatorState
{
    public string? SeatId { get; set; }

    /// <summary>Pushes (chat, user-state changes) that arrived while the operator was logged out, oldest first.</summary>
    public List<OprPush> Mailbox { get; set; } = [];
}

/// <summary>
/// An operator: logged in at most at one seat, and the one owner of which seat that is; pushes addressed to the operator
/// go to that seat's outbox, or wait in the mailbox (persisted) and are handed to the seat's outbox at the next login.
/// </summary>
/// <remarks>Granted first at login and released last at logout, with the seat's session opened and closed in between, so
/// a seat never runs the session of an operator this grain places elsewhere. Calls no seat: seats wait on it.</remarks>
[GrainType("opr-operator")]
public sealed class OperatorGrain(
    [PersistentState("operator")] IPersistentState<OperatorState> store,
    IOptions<OprOptions> options,
    ILogger<OperatorGrain> log) : Grain, IOperatorGrain
{
    private OperatorState S => store.State;

    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;

    private string OperatorId => OprKeys.LocalId(this.GetPrimaryKeyString());

    private ISeatPushOutboxGrain Outbox(string seatId) => GrainFactory.GetGrain<ISeatPushOutboxGrain>(OprKeys.Outbox(TenantId, seatId));

    public async Task<string?> LoginAsync(string seatId)
    {
        if (S.SeatId is { } current && current != seatId) return current;
        S.SeatId = seatId;
        if (S.Mailbox.Count > 0)
        {
            // Into the outbox before the mailbox is cleared: a crash in between delivers twice rather than never.
            await Outbox(seatId).AppendManyAsync(S.Mailbox);
            log.LogInformation("Operator {OperatorId}: {Count} waiting pushes delivered at login", OperatorId, S.Mailbox.Count);
            S.Mailbox.Clear();
        }
        await store.WriteStateAsync();
        return null;
    }

    public async Task LogoutAsync(string seatId)
    {
        if (S.SeatId != seatId) return;
        S.SeatId = null;
        await store.WriteStateAsync();
    }

    public Task<string?> GetSeatAsync() => Task.FromResult(S.SeatId);

    public async Task DeliverAsync(OprPush push)
    {
        if (S.SeatId is { } seatId)
        {
            await Outbox(seatId).AppendAsync(push);
            return;
        }
        S.Mailbox.Add(push);
        var limit = Math.Max(1, options.Value.MailboxLimit);
        if (S.Mailbox.Count > limit) S.Mailbox.RemoveRange(0, S.Mailbox.Count - limit);
        await store.WriteStateAsync();
    }
}
