namespace CallCenter.Storage.Sql;

/// <summary>
/// ETags of the SQL providers are random tokens, not counters: a fresh UUID version 7 (48-bit millisecond timestamp +
/// 74 random bits) as 32 hex digits, made by the writer. A per-row counter would restart after a clear, so a writer
/// still holding the ETag from before the clear could overwrite the state written after it (the ABA problem); a
/// database-wide counter would make every write contend on one sequence. Random tokens never repeat, need no extra
/// statement, and the timestamp half makes them sort by age when someone reads the table by hand.
/// </summary>
internal static class ETags
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
