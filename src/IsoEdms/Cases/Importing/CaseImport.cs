using IsoEdms.Procedures;
using System.Text.Json;
using System.Text.Json.Serialization;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Organisation;
using JasperFx;

namespace IsoEdms.Cases.Importing;

/// <summary>One line of an import file: a dossier handled in other software, and what happened to it.</summary>
public sealed record ImportLine(
    string? Code, string? Procedure, int? Version, string? ReceivingUnit, string? LeadUnit, Applicant? Applicant, List<string>? Components,
    DateTimeOffset? ReceivedAt, string? ReceivedBy, bool? ReceivedInSystem, List<ImportAction>? Events);

public sealed record ImportAction(
    string? Type, string? Step, string? Outcome, string? Reason, string? ToUnit, DateTimeOffset? NewDue, string? ApprovedBy,
    List<string>? Items, string? Note, string? By, DateTimeOffset? At);

public sealed record ImportError(int Line, string Reason)
{
    /// <summary>The reason as sentences by code, joined by a space (the command line words them); its English is <see cref="Reason"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<Domain.Said> Sentences { get; init; } = [];

    public static ImportError Of(int line, IReadOnlyList<Domain.Said> reason) =>
        new(line, string.Join(" ", reason.Select(r => r.English))) { Sentences = reason };

    public override string ToString() => $"line {Line}: {Reason}";
}

public sealed record ImportSummary(int Lines, int Imported, int AlreadyImported, int Rejected, bool DryRun, bool AsRecorded, int Breaches, IReadOnlyList<ImportError> Errors)
{
    public bool Ok => Rejected == 0;

    /// <summary>The summary as a sentence by code (its English is <see cref="ToString"/>).</summary>
    public Domain.Said Sentence() => (DryRun, AsRecorded) switch
    {
        (true, true) => Domain.Say.It("import_summary_dry_recorded", $"dry run: would import {Imported:number}, already imported {AlreadyImported:number}, rejected {Rejected:number} of {Lines:number} line(s); {Breaches:number} breach(es) of the procedure recorded for the conformance check"),
        (true, false) => Domain.Say.It("import_summary_dry", $"dry run: would import {Imported:number}, already imported {AlreadyImported:number}, rejected {Rejected:number} of {Lines:number} line(s)"),
        (false, true) => Domain.Say.It("import_summary_recorded", $"imported {Imported:number}, already imported {AlreadyImported:number}, rejected {Rejected:number} of {Lines:number} line(s); {Breaches:number} breach(es) of the procedure recorded for the conformance check"),
        _ => Domain.Say.It("import_summary", $"imported {Imported:number}, already imported {AlreadyImported:number}, rejected {Rejected:number} of {Lines:number} line(s)"),
    };
    public override string ToString() =>
        $"{(DryRun ? "dry run: would import" : "imported")} {Imported}, already imported {AlreadyImported}, rejected {Rejected} of {Lines} line(s)" +
        (AsRecorded ? $"; {Breaches} breach(es) of the procedure recorded for the conformance check" : "");
}

/// <summary>
/// Import of dossiers handled outside the central system (CLI <c>import</c> and <c>POST /api/import</c>). Every line is
/// replayed through the same decide functions as live commands, with its business times; a line is all or nothing; the
/// dossier code (per receiving unit) is the key, so importing a file twice imports nothing twice.
/// </summary>
public static partial class CaseImport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new Infrastructure.SafeStringConverter() },
    };

    public static readonly string[] ActionTypes = [ImportActions.StepCompleted, ImportActions.Returned, ImportActions.Transferred, ImportActions.Suspended,
        ImportActions.Resumed, ImportActions.Apology, ImportActions.Refused, ImportActions.Stopped];

    public static Task<ImportSummary> RunAsync(IDocumentStore store, IReadOnlyList<string> lines, bool dryRun, bool asRecorded, string importer,
        TimeProvider clock, Action<int, int>? progress, Action<ImportError>? onError, CancellationToken ct) =>
        RunAsync(store, lines, lines.Count, dryRun, asRecorded, importer, clock, progress, onError, ct);

    /// <summary>
    /// Imports <paramref name="lines"/> as they are read (a file of any size: the import holds a few batches in memory, never
    /// the file); <paramref name="total"/> is how many there are, for the progress.
    /// </summary>
    public static async Task<ImportSummary> RunAsync(IDocumentStore store, IEnumerable<string> lines, int total, bool dryRun, bool asRecorded, string importer,
        TimeProvider clock, Action<int, int>? progress, Action<ImportError>? onError, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        int imported = 0, already = 0, breaches = 0, nonBlank = 0;
        var definitions = new Dictionary<(string, int), PublishedVersion?>();
        var calendars = new Dictionary<string, WorkingCalendar?>();
        OrgSnapshot org;
        await using (var q = store.QuerySession()) org = await OrgLoad.Snapshot(q, ct);

        // a batch's lines are checked in two passes (reading, then deciding): its errors are told in the order of the lines
        var batchErrors = new List<ImportError>();
        void Reject(int n, params Domain.Said[] reason) => batchErrors.Add(ImportError.Of(n, reason));
        void Tell()
        {
            foreach (var e in batchErrors.OrderBy(e => e.Line))
            {
                errors.Add(e);
                onError?.Invoke(e);
            }
            batchErrors.Clear();
        }

        // Lines are checked and replayed one by one, then stored a batch at a time in one transaction (a commit per dossier
        // costs more than the dossier). Should a batch collide with a concurrent import, it is stored again line by line.
        // While two batches are written (each in its transaction), the next one is read, decided and serialised: the database
        // and this process work at the same time.
        var lastReport = clock.GetTimestamp();
        var batch = new List<Decided>();
        var writing = new Queue<(Task<(int Stored, int Concurrent)> Write, List<string> Codes)>();
        // the dossiers of this file by code, until their batch is committed: from then on the lookup of each batch's codes
        // in the store finds them (a dry run writes nothing and keeps them all)
        var seen = new Dictionary<string, Dossier>();
        async Task Written()
        {
            var (write, codes) = writing.Dequeue();
            var (stored, concurrent) = await write;
            imported += stored;
            already += concurrent;
            foreach (var code in codes) seen.Remove(code);
        }
        var analyse = !dryRun && await NeverAnalysedAsync(store, ct);
        using var reading = lines.GetEnumerator();
        var read = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var parsed = new List<(int Line, ImportLine Value, Guid Id)>();
            var start = read;
            while (read - start < BatchSize && reading.MoveNext())
            {
                var n = ++read;
                var text = reading.Current;
                if (string.IsNullOrWhiteSpace(text)) continue;
                nonBlank++;
                ImportLine? line;
                try { line = JsonSerializer.Deserialize<ImportLine>(text, Json); }
                catch (JsonException ex) { Reject(n, Domain.Say.It("import_not_valid", $"not a valid import object: {ex.Message}")); continue; }
                if (line is null) { Reject(n, Domain.Say.It("import_not_object", $"not a JSON object")); continue; }
                if (Missing(line) is { } missing) { Reject(n, missing); continue; }
                parsed.Add((n, line, CaseEvents.CaseIdFor(line.ReceivingUnit!, line.Code!)));
            }
            if (read == start) break;
            if (parsed.Count == 0) { Tell(); continue; }

            await using (var session = store.LightweightSession())
            {
                // a code is the key of one dossier across the whole store (rule 23): the same dossier again is already
                // imported; another dossier with that code, at this unit or any other, is refused
                var codes = parsed.Select(p => p.Value.Code!).Distinct().ToArray();
                var existing = (await session.Query<CaseDetails>().Where(c => c.Code.IsOneOf(codes))
                    .Select(c => new Dossier(c.Id, c.Code, c.ReceivingUnit, c.Procedure, c.ReceivedAt, c.Applicant.Name)).ToListAsync(ct))
                    .GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.First());
                foreach (var (n, line, id) in parsed)
                {
                    var dossier = new Dossier(id, line.Code!, line.ReceivingUnit!, line.Procedure!, line.ReceivedAt!.Value, line.Applicant!.Name);
                    if (existing.TryGetValue(dossier.Code, out var stored) || seen.TryGetValue(dossier.Code, out stored))
                    {
                        if (stored.SameAs(dossier)) already++;
                        else Reject(n, Domain.Say.It("import_code_taken", $"code {line.Code:code} of {line.ReceivingUnit:unit} already belongs to another dossier ({stored.Procedure:code}, received at {stored.ReceivingUnit:unit} {stored.ReceivedAt:instant} for {stored.Applicant})"));
                        continue;
                    }
                    seen[dossier.Code] = dossier;
                    var key = (line.Procedure!, line.Version!.Value);
                    if (!definitions.TryGetValue(key, out var pinned)) definitions[key] = pinned = await PublishedDocuments.LoadDefinitionAsync(session, key.Item1, key.Item2, ct);
                    if (pinned is null) { Reject(n, Domain.Say.It("version_unpublished", $"{line.Procedure:code} v{line.Version:number} is not published")); continue; }
                    var calendarId = pinned.Definition.Calendar;
                    if (!calendars.TryGetValue(calendarId, out var calendar)) calendars[calendarId] = calendar = await Publishing.LoadCalendarAsync(session, calendarId, ct);
                    if (calendar is null) { Reject(n, Domain.Say.It("calendar_unpublished", $"calendar '{calendarId:code}' is not published")); continue; }

                    var (events, state, error) = Replay(id, line, new CaseContext(pinned.Definition, pinned.ContentHash, calendar, org, asRecorded));
                    if (error is not null) { Reject(n, [.. error]); continue; }
                    breaches += events.Count(e => e is ConformanceBreachRecorded);
                    if (dryRun) imported++;
                    else batch.Add(new Decided(n, id, events, state!));
                }
            }
            Tell();
            if (batch.Count > 0)
            {
                var ready = await SealAsync(store, batch, importer);
                var codes = ready.Select(d => ((CaseReceived)d.Events[0]).Code).ToList();
                batch = [];
                if (writing.Count >= WritesInFlight) await Written();
                var first = analyse;
                analyse = false;
                writing.Enqueue((Task.Run(async () =>
                {
                    await RaiseCountersAsync(store, ready, unit => org.Unit(unit)?.DossierPrefix, ct);
                    var stored = await StoreAsync(store, ready, importer, ct);
                    if (first) await AnalyseAsync(store, ct);
                    return stored;
                }, ct), codes));
            }
            if (progress is not null && clock.GetElapsedTime(lastReport).TotalSeconds >= 2) { progress(read, Math.Max(read, total)); lastReport = clock.GetTimestamp(); }
        }
        while (writing.Count > 0) await Written();
        if (imported > 0 && !dryRun) await Infrastructure.BulkStreams.FlushAsync(store, ct);   // what the summary counts is on disk
        progress?.Invoke(read, read);
        return new ImportSummary(nonBlank, imported, already, errors.Count, dryRun, asRecorded, breaches, errors);
    }

    /// <summary>
    /// Dossiers per transaction. 300 rather than 1,000: the batches in flight (two written, one being decided) lived long
    /// enough to reach the collector's oldest generation, which then collected about nine times per 30,000 dossiers; at
    /// 300 it collects twice, the collector's pauses fell from 2.8 to 1.5 s and the app's CPU from 14.3-14.9 to
    /// 11.6-12.8 s (docs/write-path.md, "The import"). At 100 the commits and lookups cost more than that saves.
    /// </summary>
    private const int BatchSize = 300;

    /// <summary>Batches written at the same time, each in its own transaction, while the next is decided.</summary>
    private const int WritesInFlight = 2;

    /// <summary>What identifies a dossier besides its code: the receiving unit, the procedure, the instant of receipt and the applicant.</summary>
    private sealed record Dossier(Guid Id, string Code, string ReceivingUnit, string Procedure, DateTimeOffset ReceivedAt, string Applicant)
    {
        public bool SameAs(Dossier other) =>
            Id == other.Id && Procedure == other.Procedure && ReceivedAt.UtcTicks / 10 == other.ReceivedAt.UtcTicks / 10 && Applicant == other.Applicant;   // the store keeps microseconds

    }

    /// <summary>Stores the replayed dossiers in one transaction; on a collision with a concurrent writer, one transaction per dossier.</summary>
    private static async Task<(int Stored, int Concurrent)> StoreAsync(IDocumentStore store, List<Decided> batch, string importer, CancellationToken ct)
    {
        try
        {
            await WriteAsync(store, batch, importer, ct);
            return (batch.Count, 0);
        }
        catch (Exception ex) when (batch.Count > 1 && Infrastructure.BulkStreams.IsCollision(ex)) { }

        int stored = 0, concurrent = 0;
        foreach (var one in batch)
        {
            try
            {
                await WriteAsync(store, [one], importer, ct);
                stored++;
            }
            catch (Exception ex) when (Infrastructure.BulkStreams.IsCollision(ex)) { concurrent++; }   // imported meanwhile by someone else
        }
        return (stored, concurrent);
    }

    /// <summary>
    /// A line decided: its events and the case's state after them; once sealed, the stream that will store them and the
    /// streams of the nonconformities they raise.
    /// </summary>
    private sealed record Decided(int Line, Guid Id, List<object> Events, CaseState State)
    {
        public Infrastructure.BulkStreams.StreamStart? Stream { get; set; }
        public List<Infrastructure.BulkStreams.StreamStart> Raised { get; } = [];
    }

    /// <summary>
    /// Wraps each dossier's events as the events of a new stream, and each nonconformity they raise (by the rules every
    /// writer of case events applies, <see cref="Nonconformities.From"/>; the ids come from the facts, and the dossier is
    /// new, so each is new too) as a stream of its own; seals them from an empty chain and serialises them as the store
    /// keeps them (here, while the batch before is written, rather than in the write's transaction).
    /// </summary>
    private static async Task<List<Decided>> SealAsync(IDocumentStore store, List<Decided> batch, string importer)
    {
        await using var scratch = store.LightweightSession();
        var serializer = store.Options.Serializer();
        foreach (var d in batch)
        {
            d.Stream = Sealed(Infrastructure.BulkStreams.Start<CaseDetails>(scratch, d.Id, d.Events, importer));
            foreach (var nc in Nonconformities.From(d.State, d.Events))
                d.Raised.Add(Sealed(Infrastructure.BulkStreams.Start<Quality.NonconformityView>(scratch, nc.NcId, [nc], importer)));
        }
        return batch;

        Infrastructure.BulkStreams.StreamStart Sealed(Infrastructure.BulkStreams.StreamStart stream)
        {
            Audit.EventSealing.Seal(stream.Events, stream.Id, 0, null, importer);
            stream.Serialise(serializer);
            return stream;
        }
    }

    /// <summary>
    /// Writes the dossiers as the live path would leave them, in bulk: their sealed streams, their case documents and
    /// work-queue items projected in memory by the inline projections' own code, the nonconformities their events imply
    /// raised in the same transaction; events and streams by binary COPY.
    /// </summary>
    private static async Task WriteAsync(IDocumentStore store, List<Decided> batch, string importer, CancellationToken ct)
    {
        var streams = batch.SelectMany(d => d.Raised.Prepend(d.Stream!)).ToList();
        // the register's lines by the aggregation Marten's own reads use (the projection's Create and Apply)
        var register = ((StoreOptions)store.Options).Projections.AggregatorFor<Quality.NonconformityView>();
        await Infrastructure.BulkStreams.WriteAsync(store, streams, importer, async (session, token) =>
        {
            var details = new CaseDetailsProjection();
            var queue = new WorkQueueProjection();
            foreach (var d in batch)
            {
                CaseDetails? doc = null;
                QueueItem? item = null;
                foreach (var e in d.Stream!.Events)
                {
                    doc = details.Evolve(doc, d.Id, e);
                    item = queue.Evolve(item, d.Id, e);
                }
                if (doc is not null) session.Store(doc);
                if (item is not null) session.Store(item);
                foreach (var nc in d.Raised)
                    if (await register.BuildAsync(nc.Events, session, null, token) is { } view) session.Store(view);
            }
        }, ct);
    }

    /// <summary>
    /// Whether PostgreSQL has no statistics of the case documents yet (a new store). Without them it takes each of a
    /// batch's codes to match half a percent of the table, so the lookup of a batch's codes reads the whole table rather
    /// than the index, and keeps doing so until the autovacuum daemon analyses it, which can be a minute into a large
    /// import (one such run took 64 s instead of 13 for 30,000 dossiers, the lookups 19 ms each).
    /// </summary>
    private static async Task<bool> NeverAnalysedAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(s.last_analyze, s.last_autoanalyze) IS NULL FROM pg_stat_user_tables s WHERE s.schemaname = $1 AND s.relname = 'mt_doc_casedetails'", conn)
        { Parameters = { new() { Value = Infrastructure.MartenSetup.Schema } } };
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Statistics of the case documents once the first batch is stored: the codes are then known to be distinct.</summary>
    private static async Task AnalyseAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new Npgsql.NpgsqlCommand($"ANALYZE {Infrastructure.MartenSetup.Schema}.mt_doc_casedetails", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Numbers the import brings in a unit's own form are never given again by its desk.</summary>
    private static async Task RaiseCountersAsync(IDocumentStore store, List<Decided> batch, Func<string, string?> prefixOf, CancellationToken ct)
    {
        var numbers = batch.Select(b => (CaseReceived)b.Events[0])
            .Select(r => (r.ReceivingUnit, r.ReceivedDate.Year,
                Number: prefixOf(r.ReceivingUnit) is { } prefix ? Receiving.DossierCodes.NumberOf(prefix, r.ReceivedDate.Year, r.Code) : null))
            .Where(x => x.Number is not null).Select(x => (x.ReceivingUnit, x.Year, x.Number!.Value));
        await Receiving.DossierNumbers.RaiseToAsync(store.Storage.Database, Infrastructure.MartenSetup.Schema, numbers, ct);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();

    private static string Cut(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static Domain.Said? Missing(ImportLine l)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(l.Code)) missing.Add("code");
        if (string.IsNullOrWhiteSpace(l.Procedure)) missing.Add("procedure");
        if (l.Version is null) missing.Add("version");
        if (string.IsNullOrWhiteSpace(l.ReceivingUnit)) missing.Add("receiving_unit");
        if (string.IsNullOrWhiteSpace(l.Applicant?.Name)) missing.Add("applicant.name");
        if (l.ReceivedAt is null) missing.Add("received_at");
        if (string.IsNullOrWhiteSpace(l.ReceivedBy)) missing.Add("received_by");
        if (missing.Count > 0) return Domain.Say.It("import_missing", $"missing {missing.Select(m => $"'{m}'"):code}");
        if (!CodePattern().IsMatch(l.Code!)) return Domain.Say.It("import_code_pattern", $"code: '{Cut(l.Code!):code}' is not a dossier code (letters, digits, '.', '_', '/', '-'; at most 60)");
        foreach (var (value, name, max) in new[] { (l.Procedure, "procedure", 100), (l.ReceivingUnit, "receiving_unit", 100), (l.LeadUnit, "lead_unit", 100),
                     (l.ReceivedBy, "received_by", 100), (l.Applicant!.Name, "applicant.name", 300) })
            if (value is { Length: var n } && n > max) return Domain.Say.It("import_too_long", $"{name:code}: {n:number} characters; at most {max:number}");
        if (l.Components is { Count: > 100 } || l.Components?.Any(c => c is null || c.Length > 500) == true)
            return Domain.Say.It("import_components", $"components: at most 100 of at most 500 characters each");
        if (l.Events is { Count: > 1000 }) return Domain.Say.It("import_events_many", $"events: at most 1,000 per dossier");
        return null;
    }

    /// <summary>
    /// The line's events, decided one by one on the state folded so far, and the case's state after them; or the first
    /// reason it breaks the procedure.
    /// </summary>
    public static (List<object> Events, CaseState? State, IReadOnlyList<Domain.Said>? Error) Replay(Guid id, ImportLine line, CaseContext ctx)
    {
        var receipt = new ReceiveCase(line.Code!, line.ReceivingUnit!, line.LeadUnit, line.Applicant!, line.Components ?? [], line.ReceivedInSystem ?? true,
            Audit.PersonalDataErasure.NewSalt());
        var received = CaseDecider.Receive(id, receipt, ctx, line.ReceivedBy!, line.ReceivedAt!.Value.ToUniversalTime());
        if (!received.Ok) return ([], null, [Domain.Say.It("import_at_receipt", $"receipt:"), .. Describe(received.Error!)]);
        var events = new List<object>(received.Events);
        var state = CaseState.Fold(events)!;
        var actions = line.Events ?? [];
        for (var k = 0; k < actions.Count; k++)
        {
            var a = actions[k];
            var where = Domain.Say.It("import_event_place", $"events[{k:number}] ({a.Type ?? "no type":code}):");
            if (string.IsNullOrWhiteSpace(a.By) || a.At is null) return ([], null, [where, Domain.Say.It("import_by_at_required", $"'by' and 'at' are required")]);
            var by = a.By;
            var at = a.At.Value.ToUniversalTime();
            CaseResult r;
            switch (a.Type)
            {
                case ImportActions.StepCompleted:
                    if (string.IsNullOrWhiteSpace(a.Step)) return ([], null, [where, Domain.Say.It("import_step_required", $"'step' is required")]);
                    r = CaseDecider.Complete(state, a.Step, a.Outcome, ctx, by, at);
                    break;
                case ImportActions.Returned:
                    if (string.IsNullOrWhiteSpace(a.Step)) return ([], null, [where, Domain.Say.It("import_return_step_required", $"'step' (the step it went back to) is required")]);
                    r = CaseDecider.Return(state, a.Step, a.Reason ?? "", ctx, by, at);
                    break;
                case ImportActions.Transferred:
                    if (string.IsNullOrWhiteSpace(a.ToUnit)) return ([], null, [where, Domain.Say.It("import_to_unit_required", $"'to_unit' is required")]);
                    r = CaseDecider.Transfer(state, a.ToUnit, a.Reason, ctx, by, at);
                    break;
                case ImportActions.Suspended:
                    if (a.Reason is null || !Suspending.SuspendCaseEndpoint.Reasons.TryGetValue(a.Reason, out var why))
                        return ([], null, [where, Domain.Say.It("import_suspension_reason", $"'reason' must be supplement, financial or verification")]);
                    r = CaseDecider.Suspend(state, why, a.Items, a.Note ?? (a.Items is { Count: > 0 } ? null : "imported: the source system did not record the items"), ctx, by, at);
                    break;
                case ImportActions.Resumed:
                    r = CaseDecider.Resume(state, ctx, by, at);
                    break;
                case ImportActions.Apology:
                    if (a.NewDue is null || string.IsNullOrWhiteSpace(a.ApprovedBy)) return ([], null, [where, Domain.Say.It("import_apology_fields", $"'new_due' and 'approved_by' are required")]);
                    r = CaseDecider.Apologise(state, a.Reason ?? "", a.NewDue.Value.ToUniversalTime(), a.ApprovedBy, ctx, by, at);
                    break;
                case ImportActions.Refused:
                    r = CaseDecider.Refuse(state, a.Reason ?? "", ctx, by, at);
                    break;
                case ImportActions.Stopped:
                    r = CaseDecider.Stop(state, a.Reason ?? "", ctx, by, at);
                    break;
                default:
                    return ([], null, [where, Domain.Say.It("import_type_unknown", $"unknown type; expected one of {ActionTypes:code}")]);
            }
            if (!r.Ok) return ([], null, [where, .. Describe(r.Error!)]);
            foreach (var e in r.Events) state = state.Apply(e);
            events.AddRange(r.Events);
        }
        return (events, state, null);
    }

    /// <summary>A decide function's refusal as the import says it: the field at fault first, when there is one.</summary>
    private static Domain.Said[] Describe(CaseError e)
    {
        var said = e.Said ?? new Domain.Said("", e.Message, []);
        return e.Field is null ? [said] : [Domain.Say.It("import_field", $"{e.Field:code}:"), said];
    }
}

/// <summary>The <c>type</c> of an action in an import line (a fixed interface: other software writes these words).</summary>
public static class ImportActions
{
    public const string StepCompleted = "step_completed", Returned = "returned", Transferred = "transferred", Suspended = "suspended",
        Resumed = "resumed", Apology = "apology", Refused = "refused", Stopped = "stopped";
}
