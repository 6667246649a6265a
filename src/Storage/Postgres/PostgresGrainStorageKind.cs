namespace CallCenter.Storage.Postgres;

/// <summary>The value of <c>Storage:Postgres:GrainStorage</c>: which code writes grain state to PostgreSQL. Reminders
/// always go through Orleans' ADO.NET reminder table, whatever this says.</summary>
public enum PostgresGrainStorageKind
{
    /// <summary>The project's <see cref="PostgresGrainStateStore"/> (table <c>grain_state</c>, one conditional statement
    /// per write, random ETags) behind Orleans' <c>IGrainStorage</c>. The default until a benchmark decides.</summary>
    Project,

    /// <summary>Orleans' ADO.NET grain storage (<c>Microsoft.Orleans.Persistence.AdoNet</c>) on the project's schema for
    /// it (table <c>orleans_grain_state</c>), with the System.Text.Json state serializer.</summary>
    AdoNet,
}
