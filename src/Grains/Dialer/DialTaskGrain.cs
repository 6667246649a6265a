using System.Globalization;
using CallCenter.Dialer;
using CallCenter.Grains.Dialer.Inbound;
using CallCenter.Grains.Dialer.Pacing;
using CallCenter.Grains.Management.Events;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Events;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using CallCenter.Management.Voices;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Dialer;

/// <summary>
/// A call task. Pacing decisions are made here, on a timer tick (every <see cref="DialerOptions.PacingInterval"/>) and on
/// call events; a durable reminder brings a running task back after a restart. The number list is read through a cursor
/// (the last entry taken), which is persisted together with the new in-flight calls before any of them is originated;
/// a restarted task re-issues the (idempotent) start of every in-flight call and reads the call log for those whose
/// outcome it may have missed, so no number is dialled twice or skipped. An inbound task has no list: its callers come
/// to its numbers, and it keeps their queue (<c>DialTaskGrain.Queue.cs</c>). Either part simply has nothing to do for
/// the other kind of task (no list to dial, no callers to queue), so the grain needs no branch on the kind.
/// </summary>
[GrainType("dialer-task")]
public sealed partial class DialTaskGrain(
    [PersistentState("task")] IPersistentState<DialTaskState> state,
    ICallLogStore callLogs,
    ISwitch telephony,
    IOptions<DialerOptions> options,
    IOptions<InboundOptions> inboundOptions,
    TimeProvider clock,
    ILogger<DialTaskGrain> log) : Grain, IDialTaskGrain, IRemindable
{
    private const string KeepAlive = "dial-task-keepalive";
    private const int ListBatch = 200;

    private readonly Queue<CallListEntry> _entries = new();
    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _waiting = new();
    private readonly Dictionary<string, AgentView> _agents = new(StringComparer.Ordinal);
    private IDisposable? _pacingTimer;
    private bool _reconciled;
    private string? _sipDomain;
    private PacingSnapshot? _lastDecision;
    private string _lastProgress = "";
    private DateTimeOffset _lastProgressAt;

    private DialTaskState S => state.State;
    private DialerOptions O => options.Value;
    private string TenantId => DialerKeys.TenantOf(this.GetPrimaryKeyString());
    private string Code => DialerKeys.CallTaskCodeOf(this.GetPrimaryKeyString());
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Calls of the task not yet logged: dialled ones and callers.</summary>
    private int LiveCalls => S.InFlight.Count + S.Inbound.Calls.Count;

    /// <summary>The pacing timer runs while the task runs, and while callers are still with it (a paused or ended inbound
    /// task serves the callers it has).</summary>
    private bool NeedsTimer => S.Status == CallTaskState.Running || S.Inbound.Calls.Count > 0;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (NeedsTimer) StartPacingTimer();
        // Calls held from an earlier activation (a restart, a failed silo) are reconciled now, whatever activated the task
        // (its keep-alive reminder, a call's report, a request): Orleans skips the reminder ticks missed while the silo
        // was down, so nothing may wait for a catch-up tick. A failure is retried by the next tick or reminder.
        if (S.InFlight.Count > 0 || S.Inbound.Calls.Count > 0 || S.Inbound.ClaimedNumbers.Count > 0)
        {
            try
            {
                await ReconcileAsync();
            }
            catch (Exception e)
            {
                _reconciled = false;
                log.LogWarning(e, "Task {Task}: reconciliation on activation failed; retried at the next tick", Code);
            }
        }
        else
        {
            _reconciled = true;
        }
    }

    public async Task<ManagementResult> SubmitAsync(CallTaskDefinition d)
    {
        if (S.Definition is not null) return ManagementResult.Fail(ManagementError.TaskExists, "task code already used");
        if (d.CallTaskCode != Code) return ManagementResult.Fail(ManagementError.InvalidArgument, "task code does not match the grain");
        var (checkedDefinition, refused) = await CheckInboundPartAsync(d);
        if (refused is not null) return refused;
        d = checkedDefinition;
        var project = await GrainFactory.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(TenantId, d.ProjectCode)).GetAsync();
        if (project is null) return ManagementResult.Fail(ManagementError.ProjectNotFound);
        if (project.Status != ProjectStatus.Active) return ManagementResult.Fail(ManagementError.ProjectFinished);
        foreach (var gw in d.Gateways)
        {
            if (await GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, gw.Code)).GetAsync() is null)
                return ManagementResult.Fail(ManagementError.GatewayNotFound, gw.Code);
        }
        if (d.ScheduleType is ScheduleType.VoiceThenAgent or ScheduleType.VoiceOnly)
        {
            if (d.VoiceCode is null) return ManagementResult.Fail(ManagementError.InvalidArgument, "voiceCode is required for scheduleType 2 and 5");
            if (await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, d.VoiceCode)).GetAsync() is null)
                return ManagementResult.Fail(ManagementError.VoiceNotFound);
        }

        string? listId;
        if (d.InboundNumbers is not null)
        {
            listId = null; // callers come to the task's numbers; there is no list
        }
        else if (d.CallListId is { } id)
        {
            listId = id;
        }
        else
        {
            if (d.OriginalCallTaskCode is null || d.OriginalResultDetails is not { Count: > 0 } details)
                return ManagementResult.Fail(ManagementError.InvalidArgument, "callListId, or originalCallTaskCode with originalResultDetail, is required");
            // A recall task dials the original's numbers with the given results, frozen now into a list of its own.
            listId = "recall-" + Code;
            var numbers = new List<string>();
            for (var page = 1; ; page++)
            {
                var rows = await callLogs.QueryForRecallAsync(new RecallQuery(TenantId, d.OriginalCallTaskCode, details, 0, page, 1000));
                numbers.AddRange(rows.Items.Select(r => r.Record.DestinationNumber).OfType<string>());
                if (rows.Items.Count < 1000) break;
            }
            await GrainFactory.GetGrain<ICallListGrain>(DialerKeys.CallList(TenantId, listId)).AppendAsync(numbers);
        }

        state.State = new DialTaskState { Definition = d, Gateways = d.Gateways.ToList(), Rate = d.Rate, ListId = listId };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(TenantId, d.ProjectCode)).RegisterTaskAsync(Code);
        await PublishStatusAsync();
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> StartAsync()
    {
        if (S.Definition is null) return ManagementResult.Fail(ManagementError.TaskNotFound);
        if (S.Status == CallTaskState.Ended) return ManagementResult.Fail(ManagementError.TaskRefused, "task has ended");
        if (Now >= S.Definition.ExpiredTime)
        {
            await EndAsync();
            return ManagementResult.Fail(ManagementError.TaskRefused, "task has expired");
        }
        if (S.Status == CallTaskState.Running) return ManagementResult.Fail(ManagementError.NothingDone);
        if (await ClaimInboundNumbersAsync() is { } refused) return refused;
        S.Status = CallTaskState.Running;
        S.StartedAt ??= Now;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepAlive, O.ProgressInterval, O.ProgressInterval);
        StartPacingTimer();
        await PublishStatusAsync();
        await PaceAsync();
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> PauseAsync()
    {
        if (S.Definition is null) return ManagementResult.Fail(ManagementError.TaskNotFound);
        if (S.Status == CallTaskState.Ended) return ManagementResult.Fail(ManagementError.TaskRefused, "task has ended");
        if (S.Status != CallTaskState.Running) return ManagementResult.Fail(ManagementError.NothingDone);
        S.Status = CallTaskState.Paused;
        await state.WriteStateAsync();
        // A paused inbound task keeps its numbers (callers hear the closed prompt) and serves the callers already queued.
        if (!NeedsTimer) StopPacingTimer();
        await PublishStatusAsync();
        await PublishProgressAsync(force: true);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> EndAsync()
    {
        if (S.Definition is null) return ManagementResult.Fail(ManagementError.TaskNotFound);
        if (S.Status == CallTaskState.Ended) return ManagementResult.Fail(ManagementError.NothingDone);
        S.Status = CallTaskState.Ended;
        S.EndedAt = Now;
        await state.WriteStateAsync();
        await EndQueueAsync();
        if (!NeedsTimer) StopPacingTimer();
        // Calls in progress finish normally and are still counted; the reminder stays until the last one is in.
        if (LiveCalls == 0 && await this.GetReminder(KeepAlive) is { } reminder) await this.UnregisterReminder(reminder);
        await PublishStatusAsync();
        await PublishProgressAsync(force: true);
        log.LogInformation("Task {Task} ended: {Total} dialled", Code, S.Total);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> SetConcurrencyAsync(IReadOnlyList<TaskGateway> gateways, double rate)
    {
        if (S.Definition is null) return ManagementResult.Fail(ManagementError.TaskNotFound);
        if (S.Status == CallTaskState.Ended) return ManagementResult.Fail(ManagementError.TaskRefused, "task has ended");
        foreach (var gw in gateways)
        {
            if (await GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, gw.Code)).GetAsync() is null)
                return ManagementResult.Fail(ManagementError.GatewayNotFound, gw.Code);
        }
        S.Gateways = gateways.ToList();
        S.Rate = rate;
        await state.WriteStateAsync();
        await PublishProgressAsync(force: true);
        if (S.Status == CallTaskState.Running) await PaceAsync();
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> AdditionalAsync(long callListLastId)
    {
        if (S.Definition is null) return ManagementResult.Fail(ManagementError.TaskNotFound);
        if (S.Status == CallTaskState.Ended) return ManagementResult.Fail(ManagementError.TaskRefused, "task has ended");
        // Appended entries have ids above callListLastId; the cursor is never moved back past entries already taken.
        S.ListExhausted = false;
        await state.WriteStateAsync();
        if (S.Status == CallTaskState.Running) await PaceAsync();
        return ManagementResult.Success;
    }

    public async Task<ManagementResult<CallTaskStatusInfo>> GetStatusAsync()
    {
        if (S.Definition is not { } d) return ManagementResult<CallTaskStatusInfo>.Fail(ManagementError.TaskNotFound);
        var last = S.ListId is null ? 0 : await List().LastIdAsync();
        var m = S.Measured;
        var statistics = new DialerStatistics(m.Answered, m.Connected, m.Abandoned, m.TalkSeconds, m.WrapSeconds, m.WaitMilliseconds,
            AbandonRateWindow.Rate(S.Abandons.Last24Hours(Now)), AbandonRateWindow.Rate(S.Abandons.Last30Days(Now)),
            AnswerProbability(), MeanRing(), MeanTalk());
        return ManagementResult<CallTaskStatusInfo>.Success(new CallTaskStatusInfo(Code, d.ProjectCode, S.Status, d.ScheduleType, d.CallType, Mode,
            S.Rate, S.Gateways, S.Total, S.Success, S.Fail, S.Reject, S.Miss, LiveCalls, S.SkippedBlacklisted, S.SkippedDailyLimit,
            Math.Max(0, last - S.Cursor), new Dictionary<int, long>(S.ByDetail), statistics, _lastDecision, d.ExpiredTime, S.StartedAt, S.EndedAt));
    }

    public async Task<ManagementResult<IReadOnlyList<string>>> TakePreviewNumbersAsync(string? username, int count)
    {
        if (S.Definition is not { } d) return ManagementResult<IReadOnlyList<string>>.Fail(ManagementError.TaskNotFound);
        if (d.CallType != TaskCallType.Preview) return ManagementResult<IReadOnlyList<string>>.Fail(ManagementError.TaskRefused, "not a preview task");
        if (S.Status != CallTaskState.Running) return ManagementResult<IReadOnlyList<string>>.Fail(ManagementError.TaskRefused, "task is not running");
        var taken = new List<string>();
        while (taken.Count < count)
        {
            var entry = await NextEntryAsync();
            if (entry is null) break;
            _entries.Dequeue();
            S.Cursor = entry.Id;
            if (_blocked.Contains(entry.Number))
            {
                S.SkippedBlacklisted++;
                continue;
            }
            S.HandedOut[entry.Number] = username ?? "";
            taken.Add(entry.Number);
        }
        // Handed out durably before the answer: a number never goes to two agents, even across a restart.
        await state.WriteStateAsync();
        await CheckCompletionAsync();
        return ManagementResult<IReadOnlyList<string>>.Success(taken);
    }

    public async Task OnCustomerReadyAsync(string callId)
    {
        // A report that overtook the call's outcome (one-way reports are not ordered) finds the call gone: ignored.
        if (!S.InFlight.ContainsKey(callId) || _waiting.Contains(callId)) return;
        _waiting.AddLast(callId);
        await OnCustomerAnsweredAsync(callId);
    }

    public async Task OnCallFinishedAsync(DialCallOutcome o)
    {
        if (S.Definition is null) return;
        if (S.InFlight.Remove(o.CallId, out var call))
        {
            _waiting.Remove(o.CallId);
            Account(o);
            var agent = o.Agent ?? call.Agent;
            OnPacingOutcome(o, agent);
            // (Unless the agent was released earlier and already holds this task's next customer.)
            if (agent is not null && _agents.TryGetValue(agent, out var view) && view.AssignedCall == o.CallId)
            {
                view.AssignedCall = null;
                view.FreeAt = Now + TimeSpan.FromSeconds(WrapUp);
            }
            // Not written now: the outcome is durable in the call log and the call is still in the stored in-flight map,
            // so a restart accounts it again from the log; the next launch slice or tick writes it (see FlushAsync). A task
            // that is not running (no ticks, its reminder may go with the last call) writes at once.
            if (S.Status == CallTaskState.Running) _dirty = true;
            else await WriteTaskStateAsync();
            await CheckCompletionAsync();
            if (S.Status == CallTaskState.Running) await PostContinueAsync();
            return;
        }
        if (S.Inbound.Calls.Remove(o.CallId, out var caller))
        {
            await OnCallerFinishedAsync(o, caller);
            return;
        }
        // Anything else is a repeat (a call reports again after a crash) or a call of another kind: counted once only.
        if (o.Preview && S.CountedPreviewCalls.Add(o.CallId))
        {
            if (o.Number is not null) S.HandedOut.Remove(o.Number);
            S.Total++;
            Account(o);
            await state.WriteStateAsync();
            await CheckCompletionAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != KeepAlive) return;
        if (S.Definition is null || (S.Status == CallTaskState.Ended && LiveCalls == 0))
        {
            await FlushAsync();
            if (await this.GetReminder(KeepAlive) is { } r) await this.UnregisterReminder(r);
            return;
        }
        if (!_reconciled) await ReconcileAsync();
        if (NeedsTimer && _pacingTimer is null) StartPacingTimer();
        if (S.Status != CallTaskState.Ended && Now >= S.Definition.ExpiredTime) await EndAsync();
        await PublishProgressAsync(force: false);
    }

    private void StartPacingTimer()
    {
        _pacingTimer?.Dispose();
        _pacingTimer = this.RegisterGrainTimer(() => TickAsync(), O.PacingInterval, O.PacingInterval);
    }

    private void StopPacingTimer()
    {
        _pacingTimer?.Dispose();
        _pacingTimer = null;
    }

    private async Task TickAsync()
    {
        if (S.Definition is not { } d) return;
        if (!_reconciled) await ReconcileAsync();
        if (S.Status != CallTaskState.Ended && Now >= d.ExpiredTime)
        {
            await EndAsync();
            return;
        }
        await QueueTickAsync();
        if (S.Status == CallTaskState.Running)
        {
            await RefreshAgentsIfDueAsync();
            await AssignAgentsAsync();
            await PaceAsync();
            await CheckCompletionAsync();
        }
        await FlushAsync();
        if (!NeedsTimer) StopPacingTimer();
        if (Now - _lastProgressAt >= O.ProgressInterval) await PublishProgressAsync(force: false);
    }

    /// <summary>After a restart (any activation that finds calls held before): start what was marked but maybe not
    /// started, pick up outcomes that were logged but not reported, wake every started call (which reconciles itself
    /// against the switch on activation), and learn where every caller of the queue is.</summary>
    private async Task ReconcileAsync()
    {
        _reconciled = true;
        await ReconcileDialledAsync();
        await ReconcileQueueAsync();
        await state.WriteStateAsync();
    }

    private async Task ReconcileDialledAsync()
    {
        foreach (var (key, call) in S.InFlight.ToList())
        {
            if (call.Plan is { } plan)
            {
                // Reserved (persisted) but perhaps not yet counted or started: the daily-limit check is idempotent per list
                // entry (a call counted before the crash passes again), and so is the start (a started call is not re-dialled).
                var limit = S.Definition?.DailyLimit ?? O.DailyLimitPerNumber;
                if (!await GrainFactory.GetGrain<INumberUsageGrain>(DialerKeys.NumberUsage(TenantId, plan.Number)).TryCountAsync(LocalDate, limit, CountIdFor(call.EntryId)))
                {
                    // Never counted, so never started: skipped, as it would have been before the crash.
                    S.InFlight.Remove(key);
                    S.Total--;
                    S.SkippedDailyLimit++;
                    await GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, plan.Gateway.GwCode)).ReleaseAsync(new GatewayRelease(plan.CallId, 0, null));
                    continue;
                }
                // One-way: the call reports back once it holds the plan (OnCallStartedAsync drops the task's copy).
                await DialCall(plan.CallId).StartAsync(plan);
            }
            else if (key.StartsWith("pending:", StringComparison.Ordinal))
            {
                // An agent-first call whose id was never recorded: the agent grain may or may not have placed it; it is
                // not dialled again (never twice) and is reported as skipped in the log.
                log.LogWarning("Task {Task}: agent-first call for entry {Entry} was interrupted before its call id was recorded", Code, call.EntryId);
                S.InFlight.Remove(key);
                continue;
            }
            if (await callLogs.GetAsync(TenantId, key) is { } row)
            {
                var r = row.Record;
                await OnCallFinishedAsync(new DialCallOutcome(key, r.DestinationNumber, r.Result, r.ResultDetail, r.BillSeconds > 0 || r.Result != CallResults.Failure,
                    r.Result == CallResults.Missed, r.CallerIdNumber, 0, 0, 0));
            }
            else if (call.Plan is null && !call.AgentFirst)
            {
                // A started call not yet logged: activated now, it checks its legs at once instead of at its next watchdog
                // tick, which may be a whole period away after a restart.
                await DialCall(key).WakeAsync();
            }
        }
    }

    private void Account(DialCallOutcome o)
    {
        switch (o.Result)
        {
            case CallResults.Success: S.Success++; break;
            case CallResults.Missed: S.Miss++; break;
            default: S.Fail++; break;
        }
        if (CallResultCounting.IsReject(o.ResultDetail)) S.Reject++;
        S.ByDetail[o.ResultDetail] = S.ByDetail.GetValueOrDefault(o.ResultDetail) + 1;
        var m = S.Measured;
        m.Attempts++;
        if (o.Answered)
        {
            m.Answered++;
            m.RingSecondsAnswered += o.RingSeconds;
            S.Abandons.Record(Now, o.Abandoned);
        }
        if (o.Abandoned) m.Abandoned++;
        if (o.TalkSeconds > 0)
        {
            m.Connected++;
            m.TalkSeconds += o.TalkSeconds;
            m.WrapSeconds += WrapUp;
            m.WaitMilliseconds += o.WaitMilliseconds;
        }
    }

    private async Task CheckCompletionAsync()
    {
        if (S.Status != CallTaskState.Running || !S.ListExhausted || S.InFlight.Count > 0 || S.HandedOut.Count > 0) return;
        await EndAsync();
    }

    private PacingMode Mode => S.Definition?.Pacing ?? PacingMode.Predictive;

    private double WrapUp => S.Definition?.WrapUpSeconds ?? 0;

    private double AnswerProbability()
    {
        // A weak prior (30 % of 10 calls) until the list has spoken.
        var m = S.Measured;
        return (m.Answered + 3.0) / (m.Attempts + 10.0);
    }

    private double MeanRing() => (S.Measured.RingSecondsAnswered + 8.0 * 3) / (S.Measured.Answered + 3.0);

    private double MeanTalk() => (S.Measured.TalkSeconds + 120.0 * 3) / (S.Measured.Connected + 3.0);

    private ICallListGrain List() => GrainFactory.GetGrain<ICallListGrain>(DialerKeys.CallList(TenantId, S.ListId!));

    private IDialCallGrain DialCall(string callId) => GrainFactory.GetGrain<IDialCallGrain>(DialerKeys.DialCall(TenantId, callId));

    /// <summary>The next entry after the cursor (not yet taken), or null when the list is exhausted.</summary>
    private async Task<CallListEntry?> NextEntryAsync()
    {
        if (_entries.Count == 0)
        {
            var from = S.Cursor;
            var batch = await List().ReadAsync(from, ListBatch);
            if (batch.Count == 0)
            {
                if (!S.ListExhausted)
                {
                    S.ListExhausted = true;
                    await state.WriteStateAsync();
                }
                return null;
            }
            S.ListExhausted = false;
            var blocked = await GrainFactory.GetGrain<IBlacklistGrain>(DialerKeys.Blacklist(TenantId)).FilterBlockedAsync(batch.Select(e => e.Number).ToList());
            _blocked.Clear();
            _blocked.UnionWith(blocked);
            foreach (var e in batch) _entries.Enqueue(e);
        }
        return _entries.Peek();
    }

    private string LocalDate => (Now + O.LocalTimeOffset).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class AgentView
    {
        public AgentSnapshot Snapshot { get; set; } = null!;
        public DateTimeOffset FreeAt { get; set; }
        public string? AssignedCall { get; set; }
        public DateTimeOffset AssignedAt { get; set; }
    }
}
