using Microsoft.Extensions.Logging;
using CallCenter.Runtime.Streams;

namespace CallCenter.Runtime.Core;

/// <summary>The runtime's log events, as source-generated structured templates.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Information, "Grain runtime started: {GrainClassCount} grain classes, SerializeCalls={SerializeCalls}")]
    public static partial void RuntimeStarted(this ILogger logger, int grainClassCount, bool serializeCalls);

    [LoggerMessage(2, LogLevel.Information, "Grain runtime stopped after {DeactivatedCount} deactivations")]
    public static partial void RuntimeStopped(this ILogger logger, long deactivatedCount);

    [LoggerMessage(3, LogLevel.Warning, "Shutdown gave up waiting for {PendingCount} activations to deactivate")]
    public static partial void ShutdownIncomplete(this ILogger logger, int pendingCount);

    [LoggerMessage(10, LogLevel.Debug, "Activated {GrainId}")]
    public static partial void Activated(this ILogger logger, GrainId grainId);

    [LoggerMessage(11, LogLevel.Error, "Activation of {GrainId} failed; its queued calls fail with the same exception")]
    public static partial void ActivationFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(12, LogLevel.Debug, "Deactivated {GrainId} ({ReasonCode})")]
    public static partial void Deactivated(this ILogger logger, GrainId grainId, DeactivationReasonCode reasonCode);

    [LoggerMessage(13, LogLevel.Warning, "Deactivation of {GrainId} failed")]
    public static partial void DeactivationFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(14, LogLevel.Debug, "Collected {Count} idle activations")]
    public static partial void IdleActivationsCollected(this ILogger logger, int count);

    [LoggerMessage(20, LogLevel.Warning, "One-way call {Method} on {GrainId} failed")]
    public static partial void OneWayCallFailed(this ILogger logger, Exception exception, string method, GrainId grainId);

    [LoggerMessage(21, LogLevel.Warning, "One-way call {Method} on {GrainId} was not run")]
    public static partial void OneWayCallRejected(this ILogger logger, Exception exception, string method, GrainId grainId);

    [LoggerMessage(22, LogLevel.Debug, "Skipped {Method} on {GrainId}: its caller stopped waiting")]
    public static partial void AbandonedMessageSkipped(this ILogger logger, string method, GrainId grainId);

    [LoggerMessage(23, LogLevel.Error, "Turn {Method} on {GrainId} failed in the runtime")]
    public static partial void TurnFailed(this ILogger logger, Exception exception, string method, GrainId grainId);

    [LoggerMessage(24, LogLevel.Warning, "Call {Method} on {GrainId} timed out after {Timeout} (running: {Running})")]
    public static partial void CallTimedOut(this ILogger logger, string method, GrainId grainId, TimeSpan timeout, bool running);

    [LoggerMessage(30, LogLevel.Warning, "Timer callback of {GrainId} failed")]
    public static partial void TimerCallbackFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(40, LogLevel.Information, "Loaded {Count} reminders")]
    public static partial void RemindersLoaded(this ILogger logger, int count);

    [LoggerMessage(41, LogLevel.Debug, "No IReminderTable is registered; reminders are unavailable")]
    public static partial void NoReminderTable(this ILogger logger);

    [LoggerMessage(42, LogLevel.Warning, "Reminder {Reminder} of {GrainType}/{GrainKey} is ignored: no remindable grain class has that grain type")]
    public static partial void ReminderForUnknownGrainType(this ILogger logger, string reminder, string grainType, string grainKey);

    [LoggerMessage(43, LogLevel.Error, "Reminder {Reminder} fired for {GrainId}, which does not implement IRemindable")]
    public static partial void ReminderTargetNotRemindable(this ILogger logger, string reminder, GrainId grainId);

    [LoggerMessage(44, LogLevel.Warning, "Reminder {Reminder} of {GrainId} failed in ReceiveReminder")]
    public static partial void ReminderTickFailed(this ILogger logger, Exception exception, string reminder, GrainId grainId);

    [LoggerMessage(45, LogLevel.Warning, "Reminder {Reminder} of {GrainId} could not be delivered; retrying at the next tick")]
    public static partial void ReminderTickRejected(this ILogger logger, Exception exception, string reminder, GrainId grainId);

    [LoggerMessage(46, LogLevel.Error, "Reminder {Reminder} of {GrainId}: storing the next due time failed")]
    public static partial void ReminderStoreFailed(this ILogger logger, Exception exception, string reminder, GrainId grainId);

    [LoggerMessage(50, LogLevel.Warning, "Stream {StreamId}: item #{SequenceNumber} dropped for subscription {HandleId}, whose queue is full")]
    public static partial void StreamItemDropped(this ILogger logger, long sequenceNumber, StreamId streamId, Guid handleId);

    [LoggerMessage(51, LogLevel.Warning, "Stream {StreamId}: delivery of #{SequenceNumber} to {Subscriber} failed")]
    public static partial void StreamDeliveryFailed(this ILogger logger, Exception exception, long sequenceNumber, StreamId streamId, string subscriber);

    [LoggerMessage(52, LogLevel.Warning, "Stream {StreamId}: {Subscriber} does not observe items of type {ItemType}")]
    public static partial void StreamItemNotObserved(this ILogger logger, string itemType, StreamId streamId, string subscriber);
}
