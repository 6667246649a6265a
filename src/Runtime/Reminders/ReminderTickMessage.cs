using CallCenter.Runtime.Core;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Reminders;

/// <summary>A due reminder, delivered as a turn of its grain (activating it if needed).</summary>
internal sealed class ReminderTickMessage(GrainId target, LocalReminder reminder, TickStatus status) : GrainMessage(target)
{
    public override string Name => $"IRemindable.ReceiveReminder({reminder.Name})";

    public override async ValueTask ExecuteAsync(ActivationData activation)
    {
        if (activation.GrainInstance is not IRemindable remindable)
        {
            activation.Runtime.Log.ReminderTargetNotRemindable(reminder.Name, Target);
            await reminder.AcknowledgeAsync(status).ConfigureAwait(false);
            return;
        }
        try
        {
            await remindable.ReceiveReminder(reminder.Name, status).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activation.Runtime.Log.ReminderTickFailed(exception, reminder.Name, Target);
        }
        // Inside the turn, so that an UnregisterReminder in a later turn cannot be overtaken by this write.
        await reminder.AcknowledgeAsync(status).ConfigureAwait(false);
    }

    public override void Reject(GrainRuntime runtime, Exception reason)
    {
        runtime.Log.ReminderTickRejected(reason, reminder.Name, Target);
        reminder.Rearm(status);
    }
}
