namespace CallCenter.Runtime;

/// <summary>Implemented by grain classes that register durable reminders (Orleans: <c>IRemindable</c>).</summary>
public interface IRemindable : IGrain
{
    /// <summary>Runs as a turn of the grain, activating it first if needed (also after a restart).</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
