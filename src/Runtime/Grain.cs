using CallCenter.Runtime.Core;

namespace CallCenter.Runtime;

/// <summary>
/// Base class of grain implementations (Orleans: <c>Orleans.Grain</c>). The runtime constructs the class through DI for
/// one key, runs its methods one turn at a time, and deactivates it when idle or on shutdown; grain code needs no locks.
/// </summary>
public abstract class Grain : IGrain
{
    private readonly ActivationData _activation;

    protected Grain()
    {
        // The runtime publishes the activation being constructed so that the key is known in the grain's constructor,
        // as in Orleans; a grain created any other way would have no mailbox and no identity.
        _activation = ActivationData.BeingConstructed
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: get a reference from IGrainFactory.GetGrain instead of constructing it.");
    }

    public string GrainKey => _activation.Id.Key;

    public GrainId GrainId => _activation.Id;

    /// <summary>"type/key", for logs.</summary>
    public string IdentityString => _activation.Id.ToString();

    protected IGrainFactory GrainFactory => _activation.Runtime.Client;

    /// <summary>The activation's own DI scope: scoped services live as long as the activation.</summary>
    protected IServiceProvider ServiceProvider => _activation.Services;

    internal ActivationData Activation => _activation;

    /// <summary>Runs as the activation's first turn, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the activation's last turn (idle collection, <see cref="DeactivateOnIdle"/>, shutdown): the place
    /// to persist what must survive. Not called when activation failed.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Calls <paramref name="callback"/> as a turn of this grain after <paramref name="dueTime"/> and then every
    /// <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/> or zero: once), measured from the end of the
    /// previous tick so ticks never pile up. Timers use the runtime's <see cref="TimeProvider"/>, do not keep the activation
    /// alive, and stop when it deactivates; dispose the result to stop earlier.
    /// </summary>
    protected IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
        => _activation.RegisterTimer(callback, state, dueTime, period);

    /// <summary>Deactivates this activation as soon as the current turn ends; queued calls go to a new activation.</summary>
    protected void DeactivateOnIdle() => _activation.RequestDeactivation(
        new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called"));

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>; a negative value
    /// cancels an earlier delay.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>
    /// Registers (or moves) a durable reminder: <see cref="IRemindable.ReceiveReminder"/> runs after
    /// <paramref name="dueTime"/> and then every <paramref name="period"/>, across deactivations and restarts, until
    /// unregistered. The grain class must implement <see cref="IRemindable"/>.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
        => _activation.Runtime.Reminders.RegisterOrUpdateAsync(_activation, reminderName, dueTime, period);

    protected Task UnregisterReminder(IGrainReminder reminder)
        => _activation.Runtime.Reminders.UnregisterAsync(_activation, reminder);

    /// <returns>The reminder, or null if this grain has none of that name.</returns>
    protected Task<IGrainReminder?> GetReminder(string reminderName)
        => _activation.Runtime.Reminders.GetAsync(_activation, reminderName);

    protected Task<IReadOnlyList<IGrainReminder>> GetReminders()
        => _activation.Runtime.Reminders.GetAllAsync(_activation);
}
