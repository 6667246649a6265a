namespace CallCenter.Runtime;

/// <summary>A handle to a durable reminder of the grain that registered it (Orleans: <c>IGrainReminder</c>).</summary>
public interface IGrainReminder
{
    string ReminderName { get; }
}
