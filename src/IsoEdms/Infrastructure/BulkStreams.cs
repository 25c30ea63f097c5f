using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;

namespace IsoEdms.Infrastructure;

/// <summary>
/// Stores many new event streams in one transaction with PostgreSQL's binary COPY, the way Marten's append would store
/// them (same columns, versions, type names, metadata, one sequence), together with whatever a Marten session stages in
/// the same transaction: the documents the caller projected from those events in memory and any other stream. The bulk
/// import writes through it (docs/write-path.md, "The import").
/// <para>
/// Why not Marten's own <c>BulkInsertEventsAsync</c>: it runs in a transaction of its own, so the case documents could not
/// be committed with their events, and it moves the daemon's high-water mark to its last sequence itself, which would let
/// the asynchronous projections skip a live command's event that took an earlier number and commits later. Here the events
/// take their numbers from Marten's sequence and the daemon finds them as it finds any other commit.
/// </para>
/// </summary>
public static class BulkStreams
{
    /// <summary>A stream to start: its id, the aggregate type it is named for in <c>mt_streams</c>, its events in order.</summary>
    public sealed record StreamStart(Guid Id, Type AggregateType, IReadOnlyList<IEvent> Events)
    {
        private ReadOnlyMemory<byte> _json;
        private (int Start, int Length, int HeadersStart, int HeadersLength)[]? _at;

        /// <summary>
        /// Serialises the events' data and headers as the store keeps them, ahead of the write (the caller does it while an
        /// earlier batch is being written, so the COPY only streams bytes): UTF-8, one after the other in one buffer per
        /// stream, never a .NET string (half the memory a batch in flight holds, and no re-encoding on the way out).
        /// The events must not change afterwards.
        /// </summary>
        public void Serialise(ISerializer serializer)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(Events.Count * 512);
            var at = new (int, int, int, int)[Events.Count];
            for (var i = 0; i < Events.Count; i++)
            {
                var start = buffer.WrittenCount;
                serializer.WriteTo(buffer, Events[i].Data);
                var length = buffer.WrittenCount - start;
                var (headersStart, headersLength) = (-1, 0);
                if (Events[i].Headers is { Count: > 0 } headers)
                {
                    headersStart = buffer.WrittenCount;
                    serializer.WriteTo(buffer, headers);
                    headersLength = buffer.WrittenCount - headersStart;
                }
                at[i] = (start, length, headersStart, headersLength);
            }
            _json = buffer.WrittenMemory;
            _at = at;
        }

        internal (ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte>? Headers) Json(int index, ISerializer serializer)
        {
            if (_at is null) Serialise(serializer);
            var (start, length, headersStart, headersLength) = _at![index];
            return (_json.Slice(start, length), headersStart < 0 ? null : _json.Slice(headersStart, headersLength));
        }
    }

    /// <summary>
    /// Wraps <paramref name="data"/> as the events of a new stream, numbered from version 1 and attributed to
    /// <paramref name="user"/>, as Marten's <c>StartStream</c> would; timestamps and sequence numbers are given at the write.
    /// </summary>
    public static StreamStart Start<TAggregate>(IDocumentSession scratch, Guid id, IReadOnlyList<object> data, string user) where TAggregate : class
    {
        var action = scratch.Events.StartStream<TAggregate>(id, data.ToArray());
        long version = 0;
        foreach (var e in action.Events)
        {
            e.Version = ++version;
            e.StreamId = id;
            e.UserName = user;
        }
        scratch.EjectAllPendingChanges();
        return new StreamStart(id, typeof(TAggregate), action.Events);
    }

    /// <summary>
    /// In one transaction: stamps every event with the transaction's time and a sequence number, lets
    /// <paramref name="stage"/> stage documents and other streams on a session of that transaction (the events are complete
    /// by then, so documents projected from them carry their final metadata), copies the streams and their events, saves
    /// the session, and commits. Nothing is written if any part fails.
    /// </summary>
    public static async Task WriteAsync(IDocumentStore store, IReadOnlyList<StreamStart> streams, string user,
        Func<IDocumentSession, CancellationToken, Task> stage, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var count = streams.Sum(s => s.Events.Count);
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The commit does not wait for the disk: a batch of the import is made durable by the next synchronous commit on the
        // server, at the latest by FlushAsync, which the import calls before it says what it stored (docs/write-path.md).
        await using (var relaxed = new NpgsqlCommand("SET LOCAL synchronous_commit = off", conn, tx))
            await relaxed.ExecuteNonQueryAsync(ct);

        // the transaction's own time (what Marten's server timestamps record), a block of the event sequence, and whether
        // this role may skip the event table's foreign-key check (below; asked once, not once per event row)
        DateTimeOffset now;
        var skipCheck = false;
        var sequences = new Queue<long>(count);
        await using (var cmd = new NpgsqlCommand(
            $"SELECT now(), nextval('{schema}.mt_events_sequence'), (SELECT has_parameter_privilege('session_replication_role', 'SET')) FROM generate_series(1, greatest($1, 1))", conn, tx)
            { Parameters = { new() { Value = count } } })
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            now = default;
            while (await reader.ReadAsync(ct))
            {
                now = reader.GetFieldValue<DateTimeOffset>(0);
                sequences.Enqueue(reader.GetInt64(1));
                skipCheck = reader.GetBoolean(2);
            }
        }
        foreach (var e in streams.SelectMany(s => s.Events))
        {
            e.Timestamp = now;
            e.Sequence = sequences.Dequeue();
        }

        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(tx, shouldAutoCommit: false));
        session.LastModifiedBy = user;
        await stage(session, ct);

        var serializer = store.Options.Serializer();
        await using (var copy = await conn.BeginBinaryImportAsync(
            $"COPY {schema}.mt_streams (id, type, version, timestamp, created, is_archived) FROM STDIN BINARY", ct))
        {
            foreach (var s in streams)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(s.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(AliasOf(store, s.AggregateType), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((long)s.Events.Count, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            }
            await copy.CompleteAsync(ct);
        }
        // Every event copied below belongs to a stream copied above in this transaction, so PostgreSQL's foreign-key check of
        // each event row against mt_streams can only pass; it cost about 60 % more than the copy itself (a lookup and a row
        // lock per event). Where the role may (infra/db.sh grants it), the check is skipped for this copy alone: replica
        // mode fires no ordinary or constraint triggers, and the event table has none but that check (docs/write-path.md).
        if (skipCheck) await SetReplicationRoleAsync(conn, tx, "replica", ct);
        await using (var copy = await conn.BeginBinaryImportAsync(
            $"COPY {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, is_archived, headers, user_name) FROM STDIN BINARY", ct))
        {
            foreach (var (s, i, e) in streams.SelectMany(s => s.Events.Select((e, i) => (s, i, e))))
            {
                var (data, headers) = s.Json(i, serializer);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(data, NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                if (headers is { } h) await copy.WriteAsync(h, NpgsqlDbType.Jsonb, ct);
                else await copy.WriteNullAsync(ct);
                await copy.WriteAsync(e.UserName ?? user, NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
        }
        if (skipCheck) await SetReplicationRoleAsync(conn, tx, "origin", ct);

        await Transactions.CommitAsync(session, ct);   // the session's own statements; the transaction is ours
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Makes every transaction committed before this call durable. The bulk writes commit without waiting for the log to
    /// reach the disk; this commits one transaction that does wait (it takes a transaction id, so it writes a commit record),
    /// and the log is flushed in order, up to that record and so past every commit before it.
    /// </summary>
    public static async Task FlushAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand("SET LOCAL synchronous_commit = on", conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
        await using (var cmd = new NpgsqlCommand("SELECT pg_current_xact_id()", conn, tx)) await cmd.ExecuteScalarAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task SetReplicationRoleAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string mode, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SET LOCAL session_replication_role = {mode}", conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The name Marten gives an aggregate type in <c>mt_streams.type</c> (<c>CaseDetails</c> → <c>case_details</c>).</summary>
    private static string AliasOf(IDocumentStore store, Type aggregate) => ((Marten.Events.EventGraph)((StoreOptions)store.Options).Events).AggregateAliasFor(aggregate);

    /// <summary>A stream id or event id that another writer stored first: the batch wrote nothing.</summary>
    public static bool IsCollision(Exception ex) => ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || CommandBus.IsLostRace(ex)
        || (ex.InnerException is { } inner && IsCollision(inner));
}
