using System.Data.Common;
using System.Globalization;
using System.Text;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Sqlite;

namespace CallCenter.Storage.CallLogs;

/// <summary>
/// <see cref="ICallLogStore"/> on an <see cref="ISqlDatabase"/> (SQLite or PostgreSQL). An append is durable when its
/// task completes: SQLite appends go through the file's group-commit writer, PostgreSQL appends are one statement.
/// </summary>
public sealed class SqlCallLogStore(ISqlDatabase database, TimeProvider clock) : ICallLogStore, ICallLogRecordings
{
    private const string Columns =
        "id, tenant_id, call_id, kind, project_code, call_task_code, caller_id_number, destination_number, recording_key, start_ms, end_ms, " +
        "duration_s, bill_s, price_rule, price_cal, result, result_detail, evaluation, hangup_cause, gateway_code, add_ms, update_ms, " +
        "recording_state, recording_saved_ms";

    private readonly string _table = database.Table(CallLogSchema.TableName);

    public async Task<long> AppendAsync(CallLogRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await database.EnsureSchemaAsync(CallLogSchema.Schema, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // ON CONFLICT DO NOTHING makes a repeated write (a retry after a crash between write and acknowledgement) harmless;
        // the existing id is then read back.
        var insert = $"""
            INSERT INTO {_table} (tenant_id, call_id, kind, project_code, call_task_code, caller_id_number, destination_number, recording_key,
                start_ms, end_ms, duration_s, bill_s, price_rule, price_cal, result, result_detail, evaluation, hangup_cause, gateway_code, add_ms, update_ms,
                recording_state)
            VALUES (@tenant_id, @call_id, @kind, @project_code, @call_task_code, @caller_id_number, @destination_number, @recording_key,
                @start_ms, @end_ms, @duration_s, @bill_s, @price_rule, @price_cal, @result, @result_detail, @evaluation, @hangup_cause, @gateway_code, @add_ms, @add_ms,
                @recording_state)
            ON CONFLICT (tenant_id, call_id) DO NOTHING
            RETURNING id
            """;
        var select = $"SELECT id FROM {_table} WHERE tenant_id = @tenant_id AND call_id = @call_id";

        if (database is SqliteDatabase sqlite)
        {
            return await sqlite.WriteAsync(context =>
            {
                var command = context.Command(insert);
                BindRecord(command, record, now, database.Dialect);
                var id = command.ExecuteScalar();
                if (id is not null and not DBNull) return Convert.ToInt64(id, CultureInfo.InvariantCulture);
                var existing = context.Command(select);
                Add(existing, "tenant_id", record.TenantId);
                Add(existing, "call_id", record.CallId);
                return Convert.ToInt64(existing.ExecuteScalar(), CultureInfo.InvariantCulture);
            }, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = insert;
            BindRecord(command, record, now, database.Dialect);
            var id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (id is not null and not DBNull) return Convert.ToInt64(id, CultureInfo.InvariantCulture);
        }
        await using var read = connection.CreateCommand();
        read.CommandText = select;
        Add(read, "tenant_id", record.TenantId);
        Add(read, "call_id", record.CallId);
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<CallLogEntry?> GetAsync(string tenantId, string callId, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(CallLogSchema.Schema, cancellationToken).ConfigureAwait(false);
        var items = await ReadAsync($"SELECT {Columns} FROM {_table} WHERE tenant_id = @tenant_id AND call_id = @call_id",
            [("tenant_id", tenantId), ("call_id", callId)], cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<CallLogPage> QueryAsync(CallLogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await database.EnsureSchemaAsync(CallLogSchema.Schema, cancellationToken).ConfigureAwait(false);
        var where = new StringBuilder("tenant_id = @tenant_id");
        var parameters = new List<(string, object?)> { ("tenant_id", query.TenantId) };
        if (query.ProjectCode is not null) { where.Append(" AND project_code = @project_code"); parameters.Add(("project_code", query.ProjectCode)); }
        if (query.CallTaskCode is not null) { where.Append(" AND call_task_code = @call_task_code"); parameters.Add(("call_task_code", query.CallTaskCode)); }
        var timeColumn = query.TimeField == CallLogTimeField.EndTime ? "end_ms" : "start_ms";
        if (query.From is { } from) { where.Append($" AND {timeColumn} >= @from_ms"); parameters.Add(("from_ms", from.ToUnixTimeMilliseconds())); }
        if (query.To is { } to) { where.Append($" AND {timeColumn} <= @to_ms"); parameters.Add(("to_ms", to.ToUnixTimeMilliseconds())); }
        return await PageAsync(where.ToString(), parameters, "id DESC", query.Page, query.PageSize, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CallLogPage> QueryForRecallAsync(RecallQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await database.EnsureSchemaAsync(CallLogSchema.Schema, cancellationToken).ConfigureAwait(false);
        var where = new StringBuilder("tenant_id = @tenant_id AND call_task_code = @call_task_code");
        var parameters = new List<(string, object?)> { ("tenant_id", query.TenantId), ("call_task_code", query.CallTaskCode) };
        if (query.ResultDetails.Count > 0)
        {
            // Detail codes are integers checked by the caller; still bound as parameters, never pasted.
            where.Append(" AND result_detail IN (");
            for (var i = 0; i < query.ResultDetails.Count; i++)
            {
                if (i > 0) where.Append(", ");
                where.Append("@rd").Append(i);
                parameters.Add(("rd" + i, query.ResultDetails[i]));
            }
            where.Append(')');
        }
        if (query.LastId > 0) { where.Append(" AND id <= @last_id"); parameters.Add(("last_id", query.LastId)); }
        return await PageAsync(where.ToString(), parameters, "id ASC", query.Page, query.PageSize, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> SetRecordingStateAsync(string tenantId, string callId, RecordingState state, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(CallLogSchema.Schema, cancellationToken).ConfigureAwait(false);
        var sql = $"""
            UPDATE {_table} SET recording_state = @recording_state, update_ms = @now_ms,
                recording_saved_ms = CASE WHEN @recording_state = 2 THEN @at_ms ELSE recording_saved_ms END
            WHERE tenant_id = @tenant_id AND call_id = @call_id
            """;
        (string, object?)[] parameters =
        [
            ("recording_state", (long)state), ("now_ms", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("at_ms", at.ToUnixTimeMilliseconds()),
            ("tenant_id", tenantId), ("call_id", callId),
        ];
        if (database is SqliteDatabase sqlite)
        {
            return await sqlite.WriteAsync(context =>
            {
                var command = context.Command(sql);
                foreach (var (name, value) in parameters) Add(command, name, value);
                return command.ExecuteNonQuery() > 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = sql;
        foreach (var (name, value) in parameters) Add(update, name, value);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<CallLogEntry>> ListRecordingsAsync(string tenantId, RecordingState state, DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(CallLogSchema.Schema, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            $"SELECT {Columns} FROM {_table} WHERE tenant_id = @tenant_id AND recording_state = @recording_state AND end_ms < @before_ms ORDER BY end_ms, id LIMIT @limit",
            [("tenant_id", tenantId), ("recording_state", (long)state), ("before_ms", endedBefore.ToUnixTimeMilliseconds()), ("limit", (long)Math.Clamp(limit, 1, 10_000))],
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<CallLogPage> PageAsync(string where, List<(string, object?)> parameters, string order, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 10_000);
        long total;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT COUNT(*) FROM {_table} WHERE {where}";
            foreach (var (name, value) in parameters) Add(count, name, value);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        if (total == 0) return new CallLogPage(0, []);
        var pageParameters = new List<(string, object?)>(parameters) { ("limit", (long)pageSize), ("offset", (long)(page - 1) * pageSize) };
        var items = await ReadAsync($"SELECT {Columns} FROM {_table} WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset", pageParameters, cancellationToken).ConfigureAwait(false);
        return new CallLogPage(total, items);
    }

    private async Task<List<CallLogEntry>> ReadAsync(string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        var items = new List<CallLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) items.Add(ReadEntry(reader));
        return items;
    }

    private static CallLogEntry ReadEntry(DbDataReader r)
    {
        static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        static long Long(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
        static int? NullableInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
        decimal? price = r.IsDBNull(14) ? null : r.GetValue(14) switch
        {
            string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
            var v => Convert.ToDecimal(v, CultureInfo.InvariantCulture),
        };
        var record = new CallLogRecord(
            TenantId: r.GetString(1),
            CallId: r.GetString(2),
            Kind: (AgentCallKind)(int)Long(r, 3),
            ProjectCode: Text(r, 4),
            CallTaskCode: Text(r, 5),
            CallerIdNumber: Text(r, 6),
            DestinationNumber: Text(r, 7),
            RecordingBlobKey: Text(r, 8),
            StartTime: DateTimeOffset.FromUnixTimeMilliseconds(Long(r, 9)),
            EndTime: DateTimeOffset.FromUnixTimeMilliseconds(Long(r, 10)),
            DurationSeconds: (int)Long(r, 11),
            BillSeconds: (int)Long(r, 12),
            PriceRule: Text(r, 13),
            PriceCal: price,
            Result: (int)Long(r, 15),
            ResultDetail: (int)Long(r, 16),
            Evaluation: NullableInt(r, 17),
            HangupCause: Text(r, 18),
            GatewayCode: Text(r, 19));
        return new CallLogEntry(Long(r, 0), record, DateTimeOffset.FromUnixTimeMilliseconds(Long(r, 20)), DateTimeOffset.FromUnixTimeMilliseconds(Long(r, 21)),
            (RecordingState)(int)Long(r, 22), r.IsDBNull(23) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Long(r, 23)));
    }

    private static void BindRecord(DbCommand command, CallLogRecord record, long nowMs, SqlDialect dialect)
    {
        Add(command, "tenant_id", record.TenantId);
        Add(command, "call_id", record.CallId);
        Add(command, "kind", (long)record.Kind);
        Add(command, "project_code", record.ProjectCode);
        Add(command, "call_task_code", record.CallTaskCode);
        Add(command, "caller_id_number", record.CallerIdNumber);
        Add(command, "destination_number", record.DestinationNumber);
        Add(command, "recording_key", record.RecordingBlobKey);
        Add(command, "start_ms", record.StartTime.ToUnixTimeMilliseconds());
        Add(command, "end_ms", record.EndTime.ToUnixTimeMilliseconds());
        Add(command, "duration_s", (long)record.DurationSeconds);
        Add(command, "bill_s", (long)record.BillSeconds);
        Add(command, "price_rule", record.PriceRule);
        Add(command, "price_cal", record.PriceCal is { } p ? dialect == SqlDialect.Sqlite ? p.ToString(CultureInfo.InvariantCulture) : p : null);
        Add(command, "result", (long)record.Result);
        Add(command, "result_detail", (long)record.ResultDetail);
        Add(command, "evaluation", record.Evaluation is { } e ? (long)e : null);
        Add(command, "hangup_cause", record.HangupCause);
        Add(command, "gateway_code", record.GatewayCode);
        Add(command, "add_ms", nowMs);
        Add(command, "recording_state", (long)(record.RecordingBlobKey is null ? RecordingState.None : RecordingState.Pending));
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
