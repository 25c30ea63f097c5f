using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Infrastructure;
using Marten;

namespace IsoEdms.Tests.Cases;

/// <summary>Import of dossiers handled in other software: the CLI verb and POST /api/import.</summary>
public class ImportTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isoedms-import-").FullName;

    private DocumentStore Store() => DocumentStore.For(o => MartenSetup.Configure(o, seeded.App.ConnectionString, withAsyncProjections: false));

    [Fact]
    public async Task a_thousand_lines_with_five_bad_ones_store_995_cases_and_a_second_import_adds_nothing()
    {
        var file = Path.Combine(_folder, "import-1000.jsonl");
        var generated = await Cli.RunAsync(seeded.App.ConnectionString, "demo", "generate", "--cases", "1000", "--seed", "11", "--from", "2025-07-01", "--to", "2025-12-31", "--out", file);
        generated.Exit.ShouldBe(0, generated.Err);
        var lines = File.ReadAllLines(file);
        lines.Length.ShouldBe(1000);

        JsonObject Line(int n) => JsonNode.Parse(lines[n - 1])!.AsObject();
        lines[10] = "{\"code\": \"XQD-2025-999999\", ";                                                   // line 11: not JSON
        var l201 = Line(201); l201["procedure"] = "chung-thuc.khong-co"; lines[200] = l201.ToJsonString();    // unknown procedure
        var l401 = Line(401); l401["received_by"] = "khong-ai"; lines[400] = l401.ToJsonString();             // not a person
        var l601 = Line(601); l601.Remove("received_at"); lines[600] = l601.ToJsonString();                   // a field missing
        var l1000 = Line(1000);                                                                                // time going backwards
        l1000["events"]![0]!["at"] = DateTimeOffset.Parse(l1000["received_at"]!.GetValue<string>(), CultureInfo.InvariantCulture).AddHours(-2).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        lines[999] = l1000.ToJsonString();
        // the file is read as it is imported, a few batches of 300 at a time: the same code again is recognised whether its
        // first line is still being written (line 302) or long committed (lines 900 and 950)
        string Other(int n) { var l = Line(n); l["applicant"]!["name"] = "Người Khác"; return l.ToJsonString(); }
        lines[301] = Other(7);                                                                                  // another dossier, code of line 7
        lines[899] = lines[1];                                                                                  // line 2 again
        lines[949] = Other(3);                                                                                  // another dossier, code of line 3
        File.WriteAllLines(file, lines);

        var first = await Cli.RunAsync(seeded.App.ConnectionString, "import", file, "--by", "ho-thi-xuan");
        first.Exit.ShouldBe(1);
        first.Out.ShouldContain("imported 992, already imported 1, rejected 7 of 1000 line(s)");
        var errors = first.Err.Split('\n').Where(l => l.StartsWith("line ", StringComparison.Ordinal)).ToList();
        errors.Select(l => int.Parse(Regex.Match(l, @"^line (\d+):").Groups[1].Value, CultureInfo.InvariantCulture)).ShouldBe([11, 201, 302, 401, 601, 950, 1000]);
        errors[1].ShouldContain("chung-thuc.khong-co v1 is not published");
        errors[2].ShouldContain($"code {Line(7)["code"]} of {Line(7)["receiving_unit"]} already belongs to another dossier");
        errors[3].ShouldContain("'khong-ai' is not a person of the organisation");
        errors[4].ShouldContain("missing 'received_at'");
        errors[5].ShouldContain($"code {Line(3)["code"]} of {Line(3)["receiving_unit"]} already belongs to another dossier");
        errors[6].ShouldContain("is before the case's last action");
        first.Err.ShouldContain("… 1000/1000 line(s)");
        (await CountIn2025H2()).ShouldBe(992);

        var second = await Cli.RunAsync(seeded.App.ConnectionString, "import", file);
        second.Exit.ShouldBe(1);
        second.Out.ShouldContain("imported 0, already imported 993, rejected 7 of 1000 line(s)");
        (await CountIn2025H2()).ShouldBe(992);

        // business time and actors from the file; the importer and the recorded time kept apart by the store
        var sample = Line(2);
        var id = CaseEvents.CaseIdFor(sample["receiving_unit"]!.GetValue<string>(), sample["code"]!.GetValue<string>());
        await using var store = Store();
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        var received = (Domain.Cases.CaseReceived)events[0].Data;
        received.ReceivedAt.ShouldBe(DateTimeOffset.Parse(sample["received_at"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        received.By.ShouldBe(sample["received_by"]!.GetValue<string>());
        events.ShouldAllBe(e => e.UserName == "ho-thi-xuan");
        events[0].Timestamp.ShouldNotBe(received.At);

        // the case documents large enough to be compressed were compressed with LZ4, PostgreSQL's default being pglz
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            $"SELECT pg_column_compression(data) AS method, count(*) FROM {MartenSetup.Schema}.mt_doc_casedetails GROUP BY 1 ORDER BY 1 NULLS LAST", conn);
        var methods = new Dictionary<string, long>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) methods[reader.IsDBNull(0) ? "none" : reader.GetString(0)] = reader.GetInt64(1);
        methods.Keys.ShouldNotContain("pglz");
        methods.GetValueOrDefault("lz4").ShouldBeGreaterThan(0, string.Join(", ", methods));

        // the nonconformities the imported dossiers raise are the ones the quality rules give for their events, each a
        // stream of its own, sealed, its register line what Marten's projection makes of it
        var imported = await session.Query<CaseDetails>().Where(x => x.ReceivedDate >= new DateOnly(2025, 7, 1) && x.ReceivedDate <= new DateOnly(2025, 12, 31))
            .Select(x => x.Id).ToListAsync();
        var expected = new HashSet<Guid>();
        foreach (var caseId in imported)
        {
            var caseEvents = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).ToList();
            expected.UnionWith(Domain.Quality.Nonconformities.From(Domain.Cases.CaseState.Fold(caseEvents)!, caseEvents).Select(n => n.NcId));
        }
        expected.Count.ShouldBeGreaterThan(0);
        var raised = await session.Query<IsoEdms.Quality.NonconformityView>().Where(n => n.CaseId.IsOneOf(imported.Cast<Guid?>().ToArray())).ToListAsync();
        raised.Select(n => n.Id).ToHashSet().SetEquals(expected).ShouldBeTrue($"{raised.Count} stored, {expected.Count} expected");
        foreach (var nc in raised.Take(20))
        {
            var ncEvents = await session.Events.FetchStreamAsync(nc.Id);
            (await session.Events.FetchStreamStateAsync(nc.Id))!.AggregateType.ShouldBe(typeof(IsoEdms.Quality.NonconformityView));
            ncEvents.Count.ShouldBe(1);
            ncEvents[0].UserName.ShouldBe("ho-thi-xuan");
            IsoEdms.Audit.EventSealing.SealOf(ncEvents[0]).ShouldBe(Domain.Audit.EventChain.Seal(null, nc.Id, 1, ncEvents[0].Data, "ho-thi-xuan"));
            Domain.Audit.EventChain.SortedJson(nc).ShouldBe(Domain.Audit.EventChain.SortedJson((await session.Events.AggregateStreamAsync<IsoEdms.Quality.NonconformityView>(nc.Id))!));
        }
    }

    private async Task<int> CountIn2025H2()
    {
        await using var store = Store();
        await using var session = store.QuerySession();
        return await session.Query<CaseDetails>().CountAsync(x => x.ReceivedDate >= new DateOnly(2025, 7, 1) && x.ReceivedDate <= new DateOnly(2025, 12, 31));
    }

    private const string WrongRole = """
        {"code":"XQD-2026-900001","procedure":"chung-thuc.ban-sao","version":1,"receiving_unit":"xa-quang-dien","applicant":{"name":"Phan Văn Hậu"},"received_at":"2026-03-03T08:00:00+07:00","received_by":"nguyen-van-an","received_in_system":false,"events":[{"type":"step_completed","step":"receive","by":"nguyen-van-an","at":"2026-03-03T08:30:00+07:00"},{"type":"step_completed","step":"review","outcome":"approve","by":"pham-thi-lan","at":"2026-03-03T09:10:00+07:00"}]}
        """;

    private const string Certified = """
        {"code":"XQD-2026-800001","procedure":"chung-thuc.ban-sao","version":1,"receiving_unit":"xa-quang-dien","applicant":{"name":"Trần Văn Lộc"},"received_at":"2026-03-04T08:00:00+07:00","received_by":"nguyen-van-an","events":[]}
        """;

    [Fact]
    public async Task a_code_that_belongs_to_another_dossier_is_refused_with_its_line_and_only_the_same_dossier_counts_as_already_imported()
    {
        var file = Path.Combine(_folder, "codes.jsonl");
        File.WriteAllText(file, Certified + "\n");
        (await Cli.RunAsync(seeded.App.ConnectionString, "import", file)).Exit.ShouldBe(0);

        // the same dossier again, and another dossier (another applicant) that carries the same code, also twice in one file
        var other = Certified.Replace("Trần Văn Lộc", "Lê Thị Mai").Replace("XQD-2026-800001", "XQD-2026-800002");
        File.WriteAllLines(file, [Certified, Certified.Replace("Trần Văn Lộc", "Nguyễn Văn Bình"), other, other.Replace("08:00:00", "09:00:00")]);
        var again = await Cli.RunAsync(seeded.App.ConnectionString, "import", file);
        again.Exit.ShouldBe(1);
        again.Out.ShouldContain("imported 1, already imported 1, rejected 2 of 4 line(s)");
        again.Err.ShouldContain("line 2: code XQD-2026-800001 of xa-quang-dien already belongs to another dossier (chung-thuc.ban-sao, received at xa-quang-dien 2026-03-04 01:00Z for Trần Văn Lộc)");
        again.Err.ShouldContain("line 4: code XQD-2026-800002 of xa-quang-dien already belongs to another dossier");
        var first = (await seeded.App.Host.GetAsJson<CaseDetails>($"/api/cases/{CaseEvents.CaseIdFor("xa-quang-dien", "XQD-2026-800001")}"))!;
        first.Applicant.Name.ShouldBe("Trần Văn Lộc");   // the stored dossier is untouched

        // codes are unique across the whole store (rule 23): the same code at another unit is another dossier, refused
        File.WriteAllLines(file, [Certified.Replace("\"receiving_unit\":\"xa-quang-dien\"", "\"receiving_unit\":\"xa-dan-dien\"")]);
        var elsewhere = await Cli.RunAsync(seeded.App.ConnectionString, "import", file);
        elsewhere.Exit.ShouldBe(1);
        elsewhere.Err.ShouldContain("line 1: code XQD-2026-800001 of xa-dan-dien already belongs to another dossier (chung-thuc.ban-sao, received at xa-quang-dien");
    }

    [Fact]
    public async Task a_line_that_breaks_the_procedure_is_rejected_unless_imported_as_recorded()
    {
        var file = Path.Combine(_folder, "wrong-role.jsonl");
        File.WriteAllText(file, WrongRole + "\n");

        var strict = await Cli.RunAsync(seeded.App.ConnectionString, "import", file);
        strict.Exit.ShouldBe(1);
        strict.Err.ShouldContain("line 1: events[1] (step_completed): pham-thi-lan is not a vt.justice-officer of xa-quang-dien on 2026-03-03");

        var dry = await Cli.RunAsync(seeded.App.ConnectionString, "import", file, "--dry-run", "--as-recorded");
        dry.Exit.ShouldBe(0);
        dry.Out.ShouldContain("dry run: would import 1, already imported 0, rejected 0 of 1 line(s); 1 breach(es)");
        var id = CaseEvents.CaseIdFor("xa-quang-dien", "XQD-2026-900001");
        await seeded.App.Host.Scenario(s => { s.Get.Url($"/api/cases/{id}"); s.StatusCodeShouldBe(404); });

        var recorded = await Cli.RunAsync(seeded.App.ConnectionString, "import", file, "--as-recorded");
        recorded.Exit.ShouldBe(0, recorded.Err);
        var d = (await seeded.App.Host.GetAsJson<CaseDetails>($"/api/cases/{id}"))!;
        d.ShouldSatisfyAllConditions(
            x => x.ConformanceBreaches.ShouldBe(1),
            x => x.ReceivedInSystem.ShouldBe(false),
            x => x.CurrentStep.ShouldBe("sign"),
            x => x.Timeline.ShouldContain(t => t.Event == "conformance_breach_recorded" && t.Note!.StartsWith("role: pham-thi-lan")));

        // the auditor's page words the replay's finding in Vietnamese, with the person's name
        var page = await (await seeded.App.Host.Scenario(s =>
        {
            s.Get.Url("/danh-gia-noi-bo?code=XQD-2026-900001");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("duong-van-phuc"));
        })).ReadAsTextAsync();
        page.ShouldContain("Phạm Thị Lan không giữ vai trò");
        page.ShouldContain("người thực hiện không giữ vai trò");
        page.ShouldNotContain("was not a");
    }

    private const string IssueSample = """
        {"code":"XQD-2026-000123","procedure":"chung-thuc.ban-sao","version":1,"receiving_unit":"xa-quang-dien",
         "applicant":{"name":"Trần Thị Bình"},"received_at":"2026-03-02T08:00:00+07:00","received_by":"nguyen-van-an",
         "received_in_system":true,
         "events":[{"type":"step_completed","step":"receive","by":"nguyen-van-an","at":"2026-03-02T08:40:00+07:00"},
                   {"type":"step_completed","step":"review","outcome":"approve","by":"le-thi-hoa","at":"2026-03-02T10:00:00+07:00"}]}
        """;

    [Fact]
    public async Task the_http_import_reports_each_rejected_line_and_never_imports_twice()
    {
        var sample = IssueSample.ReplaceLineEndings("").Replace("  ", "");
        var body = string.Join("\n", sample, sample.Replace("000123", "000124").Replace("\"outcome\":\"approve\"", "\"outcome\":\"perhaps\""),
            sample.Replace("000123", "000125").Replace("nguyen-van-an\",\"at\":\"2026-03-02T08:40", "nguyen-van-an\",\"at\":\"2026-03-02T08:45"));
        async Task<JsonObject> Post(int status) => JsonNode.Parse(await (await seeded.App.Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl("/api/import");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("admin"));
            s.StatusCodeShouldBe(status);
        })).ReadAsTextAsync())!.AsObject();

        var first = await Post(422);
        (first["imported"]!.GetValue<int>(), first["rejected"]!.GetValue<int>()).ShouldBe((2, 1));
        first["errors"]![0]!["line"]!.GetValue<int>().ShouldBe(2);
        first["errors"]![0]!["reason"]!.GetValue<string>().ShouldContain("'perhaps' is not an outcome of step 'review'");
        var again = await Post(422);
        (again["imported"]!.GetValue<int>(), again["already_imported"]!.GetValue<int>()).ShouldBe((0, 2));

        var page = (await seeded.App.Host.GetAsJson<RegisterPage>("/api/cases?code=XQD-2026-000123"))!;
        page.Items.Single().ShouldSatisfyAllConditions(r => r.CurrentStep.ShouldBe("sign"), r => r.ReceivedAt.ShouldBe(DateTimeOffset.Parse("2026-03-02T08:00:00+07:00", CultureInfo.InvariantCulture)));
        await seeded.App.Host.Scenario(s => { s.Post.Text(sample).ToUrl("/api/import"); s.WithRequestHeader("Authorization", AppFixture.Anonymous); s.StatusCodeShouldBe(401); });
        await seeded.App.Host.Scenario(s => { s.Post.Text(sample).ToUrl("/api/import"); s.WithRequestHeader("Authorization", seeded.App.Bearer("ho-thi-xuan")); s.StatusCodeShouldBe(403); });
    }

    [Fact]
    public async Task an_imported_dossier_is_stored_as_the_event_store_stores_a_live_one_and_goes_on_live()
    {
        var file = Path.Combine(_folder, "bulk.jsonl");
        File.WriteAllText(file, IssueSample.ReplaceLineEndings("").Replace("  ", "").Replace("000123", "000130") + "\n");
        var imported = await Cli.RunAsync(seeded.App.ConnectionString, "import", file, "--by", "ho-thi-xuan");
        imported.Exit.ShouldBe(0, imported.Err);
        var id = CaseEvents.CaseIdFor("xa-quang-dien", "XQD-2026-000130");

        await using (var store = Store())
        await using (var session = store.QuerySession())
        {
            // the stream as Marten's append leaves it: its aggregate, versions 1..n, ascending sequence numbers, one chain
            var events = await session.Events.FetchStreamAsync(id);
            var state = (await session.Events.FetchStreamStateAsync(id))!;
            state.AggregateType.ShouldBe(typeof(CaseDetails));
            state.Version.ShouldBe(events.Count);
            events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, events.Count).Select(v => (long)v));
            events.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
            string? previous = null;
            foreach (var e in events)
            {
                var seal = IsoEdms.Audit.EventSealing.SealOf(e);
                seal.ShouldBe(Domain.Audit.EventChain.Seal(previous, id, e.Version, e.Data, "ho-thi-xuan"));
                previous = seal;
            }

            // the documents the import projected in memory are what Marten's own projections make of the stored stream
            var details = (await session.LoadAsync<CaseDetails>(id))!;
            details.LastSeal.ShouldBe(previous);
            Domain.Audit.EventChain.SortedJson(details).ShouldBe(Domain.Audit.EventChain.SortedJson((await session.Events.AggregateStreamAsync<CaseDetails>(id))!));
            Domain.Audit.EventChain.SortedJson((await session.LoadAsync<QueueItem>(id))!)
                .ShouldBe(Domain.Audit.EventChain.SortedJson((await session.Events.AggregateStreamAsync<QueueItem>(id))!));
        }

        // and the case goes on through the live path from the version and seal the import left
        var before = (await seeded.App.Host.GetAsJson<CaseDetails>($"/api/cases/{id}"))!;
        before.CurrentStep.ShouldBe("sign");
        var was = seeded.App.Clock.GetUtcNow();
        seeded.App.Clock.SetUtcNow(DateTimeOffset.Parse("2026-03-02T11:00:00+07:00", CultureInfo.InvariantCulture));   // after the imported review
        try
        {
            await seeded.App.Host.Scenario(s =>
            {
                s.Post.Json(new { version = before.Version }).ToUrl($"/api/cases/{id}/steps/sign/complete");
                s.WithRequestHeader("Authorization", seeded.App.Bearer("tran-van-binh"));
                s.StatusCodeShouldBe(200);
            });
        }
        finally { seeded.App.Clock.StartAt(was); }
        await using (var store = Store())
        await using (var session = store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(id);
            events.Count.ShouldBeGreaterThan((int)before.Version);
            var last = events[(int)before.Version];
            IsoEdms.Audit.EventSealing.SealOf(last).ShouldBe(Domain.Audit.EventChain.Seal(before.LastSeal, id, last.Version, last.Data, last.UserName));
        }
    }
}
