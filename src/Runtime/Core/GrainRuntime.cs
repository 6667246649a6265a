using CallCenter.Runtime.Registry;
using CallCenter.Runtime.Reminders;
using CallCenter.Runtime.Streams;
using CallCenter.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Runtime.Core;

/// <summary>
/// The runtime of one process (a silo): owns the activation catalog, the transport, reminders, streams, idle collection
/// and call timeouts, and counts the work in flight for quiescence.
/// </summary>
internal sealed class GrainRuntime : IGrainRuntimeDiagnostics, IAsyncDisposable
{
    private long _workInFlight;
    private TaskCompletionSource? _quiescent;
    private long _activationsCreated;
    private long _activationsDeactivated;
    private long _messagesOfEndedActivations;
    private long _callsTimedOut;

    public GrainRuntime(IServiceProvider services, IOptions<RuntimeOptions> options, GrainClassRegistry registry, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        Services = services;
        Options = options.Value;
        SerializeCalls = Options.SerializeCalls;
        Registry = registry;
        TimeProvider = timeProvider;
        Log = loggerFactory.CreateLogger("CallCenter.Runtime");
        Client = new ClusterClient(this);
        Wire = new WireSerializer(Client);
        Collector = new IdleCollector(this);
        Catalog = new ActivationCatalog(this);
        Transport = new InProcessGrainCallTransport(this);
        Reminders = new ReminderService(this);
        Streams = new StreamHub(this);
        Sweeper = new CallTimeoutSweeper(this);
        // Timeouts guard every call, including those made before the host starts (or without one).
        Sweeper.Start();
    }

    public IServiceProvider Services { get; }

    public RuntimeOptions Options { get; }

    public bool SerializeCalls { get; }

    public GrainClassRegistry Registry { get; }

    /// <summary>Time for timers, reminders and idle collection (a virtual clock in tests). Call timeouts use real time.</summary>
    public TimeProvider TimeProvider { get; }

    public ILogger Log { get; }

    public ClusterClient Client { get; }

    public WireSerializer Wire { get; }

    public IdleCollector Collector { get; }

    public ActivationCatalog Catalog { get; }

    public IGrainCallTransport Transport { get; }

    public ReminderService Reminders { get; }

    public StreamHub Streams { get; }

    private CallTimeoutSweeper Sweeper { get; }

    public IStreamProvider GetStreamProvider(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Services.GetKeyedService<IStreamProvider>(name)
            ?? throw new KeyNotFoundException($"No stream provider is named '{name}'; add one with services.AddInProcessStreams(\"{name}\").");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Reminders.StartAsync(cancellationToken).ConfigureAwait(false);
        Collector.Start();
        Log.RuntimeStarted(Registry.Classes.Count(), SerializeCalls);
    }

    /// <summary>Stops reminders and collection, then deactivates every activation (OnDeactivateAsync runs).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Collector.Stop();
        Reminders.Stop();
        await Catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
        Streams.Stop();
        Log.RuntimeStopped(Volatile.Read(ref _activationsDeactivated));
    }

    public ValueTask DisposeAsync()
    {
        Collector.Stop();
        Reminders.Stop();
        Sweeper.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>An activation got work to do, or a stream item was queued for a subscriber.</summary>
    public void BeginWork() => Interlocked.Increment(ref _workInFlight);

    public void EndWork()
    {
        if (Interlocked.Decrement(ref _workInFlight) == 0) Interlocked.Exchange(ref _quiescent, null)?.TrySetResult();
    }

    public async Task WaitForQuiescenceAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _workInFlight) != 0)
        {
            var signal = Volatile.Read(ref _quiescent);
            if (signal is null)
            {
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = Interlocked.CompareExchange(ref _quiescent, created, null) ?? created;
            }
            // Published before the re-check, so a decrement to zero after the check finds and completes it.
            if (Volatile.Read(ref _workInFlight) == 0) return;
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public GrainRuntimeStatistics GetStatistics()
    {
        var processed = Volatile.Read(ref _messagesOfEndedActivations);
        var activations = 0;
        foreach (var activation in Catalog.Activations)
        {
            processed += activation.MessagesProcessed;
            activations++;
        }
        return new GrainRuntimeStatistics(
            activations,
            Volatile.Read(ref _activationsCreated),
            Volatile.Read(ref _activationsDeactivated),
            processed,
            Volatile.Read(ref _callsTimedOut),
            Streams.ItemsPublished,
            Streams.ItemsDropped,
            Volatile.Read(ref _workInFlight));
    }

    public void OnActivated(ActivationData activation)
    {
        Interlocked.Increment(ref _activationsCreated);
        Log.Activated(activation.Id);
    }

    public void OnDeactivated(ActivationData activation, DeactivationReason reason)
    {
        Interlocked.Increment(ref _activationsDeactivated);
        Interlocked.Add(ref _messagesOfEndedActivations, activation.MessagesProcessed + 1); // + the deactivation turn itself
        Log.Deactivated(activation.Id, reason.ReasonCode);
    }

    public void OnCallTimedOut() => Interlocked.Increment(ref _callsTimedOut);
}
