using System.Text.Json;
using System.Text.Json.Nodes;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Audit;

/// <summary>
/// Histories of chung-thuc.hop-dong-dat (2 working days) at xã Quảng Điền received on Tuesday 3 March 2026 07:00: due
/// Wednesday 4 March 17:00, an apology is timely on 3 March. Conforming ones go in strictly; deviating ones only as recorded.
/// </summary>
public class ConformanceTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private static string E(string type, string by, string at, string? step = null, string? outcome = null, string? extra = null) =>
        $$"""{"type":"{{type}}","by":"{{by}}","at":"2026-03-{{at}}:00+07:00"{{(step is null ? "" : $",\"step\":\"{step}\"")}}{{(outcome is null ? "" : $",\"outcome\":\"{outcome}\"")}}{{extra ?? ""}}}""";

    private static readonly string Receive = E("step_completed", "nguyen-van-an", "03T07:30", "receive");
    private static readonly string Review = E("step_completed", "le-thi-hoa", "03T10:00", "review", "approve");
    private static readonly string Sign = E("step_completed", "tran-van-binh", "03T14:00", "sign");
    private static readonly string Record = E("step_completed", "pham-thi-lan", "03T15:00", "record");
    private static string HandBack(string at = "03T16:00") => E("step_completed", "nguyen-van-an", at, "hand-back");
    private static string Apology(string at, string due) =>
        E("apology", "nguyen-van-an", at, extra: $",\"reason\":\"Chờ xác minh\",\"new_due\":\"2026-03-{due}:00+07:00\",\"approved_by\":\"tran-van-binh\"");

    private static string Line(string code, bool inSystem, params string[] events) =>
        $$"""{"code":"{{code}}","procedure":"chung-thuc.hop-dong-dat","version":1,"receiving_unit":"xa-quang-dien","applicant":{"name":"Lê Văn Tám"},"received_at":"2026-03-03T07:00:00+07:00","received_by":"nguyen-van-an","received_in_system":{{(inSystem ? "true" : "false")}},"events":[{{string.Join(",", events)}}]}""";

    private static readonly string[] Conforming =
    [
        Line("XQD-2026-700001", true, Receive, Review, Sign, Record, HandBack()),
        Line("XQD-2026-700002", true, Receive, Review, E("returned", "tran-van-binh", "03T11:00", "review", extra: ",\"reason\":\"Thiếu chữ ký\""),
            E("step_completed", "le-thi-hoa", "03T11:30", "review", "approve"), Sign, Record, HandBack()),
        Line("XQD-2026-700003", true, Receive, E("suspended", "nguyen-van-an", "03T09:00", extra: ",\"reason\":\"supplement\",\"items\":[\"Bản sao sổ đỏ\"]"),
            E("resumed", "nguyen-van-an", "03T09:30"), Review, Sign, Record, HandBack()),
        Line("XQD-2026-700004", true, Receive, E("step_completed", "le-thi-hoa", "03T10:00", "review", "reject")),
        Line("XQD-2026-700005", true, Receive, Apology("03T09:00", "06T17:00"), Review, Sign, E("step_completed", "pham-thi-lan", "05T09:00", "record"), HandBack("05T10:00")),
    ];

    private static readonly (string Line, string[] Kinds)[] Deviating =
    [
        (Line("XQD-2026-710001", false, Receive, Review, Sign, Record), ["received_outside_system"]),
        (Line("XQD-2026-710002", true, Receive, E("step_completed", "pham-thi-lan", "03T10:00", "review", "approve"), Sign, Record), ["actor_not_authorised"]),
        (Line("XQD-2026-710003", true, Receive, Sign, Record), ["step_skipped"]),
        (Line("XQD-2026-710004", true, Receive, Review, E("step_completed", "nguyen-van-an", "03T11:00", "receive"),
            E("step_completed", "le-thi-hoa", "03T12:00", "review", "approve"), Sign, Record), ["step_out_of_order"]),
        (Line("XQD-2026-710005", true, Receive, Apology("04T09:00", "06T17:00"), E("step_completed", "le-thi-hoa", "04T10:00", "review", "approve"),
            E("step_completed", "tran-van-binh", "04T14:00", "sign"), E("step_completed", "pham-thi-lan", "05T10:00", "record")), ["apology_too_late", "late_without_apology"]),
        (Line("XQD-2026-710006", true, Receive, Apology("03T09:00", "06T17:00"), Apology("03T09:30", "09T17:00"), Review, Sign, Record), ["second_extension"]),
        (Line("XQD-2026-710007", true, Receive, Review, Sign, E("step_completed", "pham-thi-lan", "05T09:00", "record")), ["late_without_apology"]),
    ];

    [Fact]
    public async Task deviating_histories_yield_exactly_the_expected_findings_and_conforming_ones_none()
    {
        var folder = Directory.CreateTempSubdirectory("isoedms-conformance-").FullName;
        var good = Path.Combine(folder, "conforming.jsonl");
        var bad = Path.Combine(folder, "deviating.jsonl");
        File.WriteAllLines(good, Conforming);
        File.WriteAllLines(bad, Deviating.Select(d => d.Line));

        var strict = await Cli.RunAsync(seeded.App.ConnectionString, "import", good);
        strict.Exit.ShouldBe(0, strict.Err);   // conforming: the commands' own rules accept them
        (await Cli.RunAsync(seeded.App.ConnectionString, "import", bad)).Exit.ShouldBe(1);   // refused unless recorded as they happened
        var recorded = await Cli.RunAsync(seeded.App.ConnectionString, "import", bad, "--as-recorded");
        recorded.Exit.ShouldBe(0, recorded.Err);

        var scan = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "conformance", "--unit", "xa-quang-dien", "--json");
        scan.Exit.ShouldBe(0, scan.Err);
        var findings = JsonNode.Parse(scan.Out)!.AsArray()
            .Select(f => (Code: f!["case_code"]!.GetValue<string>(), Kind: f["kind"]!.GetValue<string>(), Version: f["version"]!.GetValue<long>())).ToList();
        foreach (var line in Conforming)
            findings.Where(f => f.Code == Code(line)).ShouldBeEmpty(Code(line));
        foreach (var (line, kinds) in Deviating)
            findings.Where(f => f.Code == Code(line)).Select(f => f.Kind).Order().ShouldBe(kinds.Order(), Code(line));
        findings.ShouldAllBe(f => f.Version >= 1);

        var raise = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "conformance", "--unit", "xa-quang-dien", "--raise");
        raise.Err.ShouldContain($"raised {findings.Count} nonconformity(ies)");
        (await Cli.RunAsync(seeded.App.ConnectionString, "audit", "conformance", "--unit", "xa-quang-dien", "--raise")).Err.ShouldContain("raised 0 nonconformity(ies)");
        var ncs = await Cli.RunAsync(seeded.App.ConnectionString, "report", "nonconformities", "--by", "unit", "--format", "json");
        var row = JsonNode.Parse(ncs.Out)!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "xa-quang-dien")!;
        row["by_source"]!["audit_finding"]!.GetValue<int>().ShouldBe(findings.Count);
    }

    private static string Code(string line) => JsonDocument.Parse(line).RootElement.GetProperty("code").GetString()!;
}
