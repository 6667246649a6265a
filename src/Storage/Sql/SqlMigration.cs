namespace CallCenter.Storage.Sql;

/// <summary>One step of a <see cref="SqlSchema"/>.</summary>
/// <param name="Version">1 for the first migration of a component, then 2, 3, ...</param>
/// <param name="Description">What the step does, recorded next to the version.</param>
/// <param name="Script">Returns the SQL for the database's dialect, naming tables through <see cref="ISqlDatabase.Table"/>.
/// Several statements separated by semicolons are fine. Use <c>IF NOT EXISTS</c> where the dialect allows, so a step
/// interrupted before its version was recorded can run again.</param>
public sealed record SqlMigration(int Version, string Description, Func<ISqlDatabase, string> Script);
