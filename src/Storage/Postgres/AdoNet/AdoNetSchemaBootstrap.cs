using Orleans;
using Orleans.Runtime;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// Applies <see cref="AdoNetSchemas"/> to one database when the silo starts, in the lifecycle's first stage: before
/// membership, reminders and grain storage initialize, each of which reads <c>OrleansQuery</c> once and fails if the
/// statements are not there yet. Every silo runs it; the advisory lock and the version record make the later ones free.
/// </summary>
internal sealed class AdoNetSchemaBootstrap(Func<PostgresDatabase> database) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(AdoNetSchemaBootstrap), ServiceLifecycleStage.First, cancellationToken => AdoNetSchemas.EnsureAsync(database(), cancellationToken));
}
