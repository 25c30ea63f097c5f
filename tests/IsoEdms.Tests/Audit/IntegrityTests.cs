using IsoEdms.Cases.Suspending;
using IsoEdms.Cases.Working;
using IsoEdms.Tests.Cases;
using Marten.Events;
using Npgsql;

namespace IsoEdms.Tests.Audit;

/// <summary>Every event sealed into its stream's chain: <c>audit verify</c> finds an altered, removed or reordered event.</summary>
public class IntegrityTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private async Task Sql(string sql)
    {
        await using var conn = new NpgsqlConnection(seeded.App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        (await cmd.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    private async Task<string> Scalar(string sql)
    {
        await using var conn = new NpgsqlConnection(seeded.App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task a_clean_store_verifies_and_an_event_changed_or_removed_with_sql_is_named()
    {
        _api.NextWorkingDay(8);
        var a = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        a = await _api.Act($"/api/cases/{a.Id}/steps/receive/complete", new CompleteStep(a.Version, null), "nguyen-van-an");
        a = await _api.Act($"/api/cases/{a.Id}/suspend", new SuspendCase(a.Version, "supplement", ["Bản sao"], null), "le-thi-hoa");
        var b = await _api.Receive("chung-thuc.ban-sao", "xa-quang-dien", "nguyen-van-an");
        b = await _api.Act($"/api/cases/{b.Id}/steps/receive/complete", new CompleteStep(b.Version, null), "nguyen-van-an");
        var c = await _api.Receive("ho-tich.khai-sinh", "xa-dan-dien", "ngo-thi-thu");

        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var clean = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        clean.Exit.ShouldBe(0, clean.Err);
        clean.Out.ShouldMatch(@"^ok: \d+ events in \d+ streams, every chain intact; every projection equals its rebuild");

        // a read model edited behind the system's back is found by the rebuild
        await Sql($"update isoedms.mt_doc_casedetails set data = jsonb_set(data, '{{status}}', '\"delivered\"') where id = '{c.Id}'");
        var edited = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        edited.Exit.ShouldBe(1);
        edited.Err.ShouldContain($"CaseDetails \"{c.Id}\": differs from the rebuild");
        edited.Err.ShouldContain("0 stream(s) altered");
        await Sql($"update isoedms.mt_doc_casedetails set data = jsonb_set(data, '{{status}}', '\"in_progress\"') where id = '{c.Id}'");

        // so is a row of the timeliness report's tables
        var classification = await Scalar($"select classification from isoedms.timeliness_step where case_id = '{a.Id}' and ordinal = 1");
        await Sql($"update isoedms.timeliness_step set classification = 'tampered' where case_id = '{a.Id}' and ordinal = 1");
        var mirror = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        mirror.Exit.ShouldBe(1);
        mirror.Err.ShouldContain($"timeliness_step: the rows of 1 case(s) differ from a rebuild from the events (the reports would count them wrongly): {a.Id}");
        mirror.Err.ShouldNotContain("timeliness_case:");
        await Sql($"update isoedms.timeliness_step set classification = '{classification}' where case_id = '{a.Id}' and ordinal = 1");

        // and a daily count the report sums: one more received for case C's unit on its day
        await Sql("update isoedms.timeliness_day set received = received + 1 where grain = 'case' and unit = 'xa-dan-dien' and received > 0");
        var counts = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        counts.Exit.ShouldBe(1);
        counts.Err.ShouldMatch(@"timeliness_day: 1 daily count\(s\) differ from a rebuild from the events \(the reports would count them wrongly\): case xa-dan-dien  \d{4}-\d\d-\d\d");
        counts.Err.ShouldNotContain("timeliness_step:");
        await Sql("update isoedms.timeliness_day set received = received - 1 where grain = 'case' and unit = 'xa-dan-dien' and received > 0");

        // someone rewrites who completed the receive step of case A
        await Sql($"update isoedms.mt_events set data = jsonb_set(data, '{{by}}', '\"ke-gian\"') where stream_id = '{a.Id}' and version = 3");
        // and removes the last event of case B
        await Sql($"delete from isoedms.mt_events where stream_id = '{b.Id}' and version = {b.Version}");

        var tampered = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        tampered.Exit.ShouldBe(1);
        tampered.Err.ShouldContain($"case {a.Case!.Code} ({a.Id}) v3: step_completed: the seal does not match");
        tampered.Err.ShouldContain($"case {b.Case!.Code} ({b.Id}) v{b.Version}: the stream records version {b.Version} but its last stored event is version {b.Version - 1}");
        tampered.Err.ShouldContain("2 stream(s) altered");
        tampered.Err.ShouldNotContain(c.Case!.Code);
    }
}
