using IsoEdms.Cases.Receiving;
using IsoEdms.Domain.Cases;
using IsoEdms.Infrastructure;
using IsoEdms.Tests.Cases;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace IsoEdms.Tests.Audit;

/// <summary>Decree 13/2023/NĐ-CP: an authorised erasure removes the applicant's data from every table and the chain still verifies.</summary>
public class PersonalDataTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    /// <summary>The tables of the database whose rows, as text, contain <paramref name="needle"/>.</summary>
    private async Task<List<string>> TablesContaining(string needle)
    {
        await using var conn = new NpgsqlConnection(seeded.App.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", conn))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var found = new List<string>();
        foreach (var t in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {t} x WHERE x::text LIKE '%' || $1 || '%'", conn) { Parameters = { new() { Value = needle } } };
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) found.Add(t);
        }
        return found;
    }

    [Fact]
    public async Task an_erasure_leaves_no_table_with_the_applicants_data_and_the_chain_still_verifies()
    {
        _api.NextWorkingDay(8);
        var applicant = new Applicant("Hoàng Thị Riêng", "046199012345", "0905123987", "12 đường Bí Mật, phường Thuận Hóa");
        var r = await seeded.App.Host.Scenario(s =>
        {
            s.Post.Json(new ReceiveCaseRequest("chung-thuc.hop-dong-dat", "xa-quang-dien", null, applicant, ["Hợp đồng"], $"key-{Guid.NewGuid():N}")).ToUrl("/api/cases");
            s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
            s.StatusCodeShouldBe(201);
        });
        var c = (await r.ReadAsJsonAsync<IsoEdms.Cases.CaseCommandResult>())!;
        foreach (var value in new[] { applicant.Name, applicant.Phone!, applicant.Address!, applicant.IdNumber! })
            (await TablesContaining(value)).ShouldNotBeEmpty();

        // the seal commits to the data without holding it: altering the stored name is found while the data is there
        await using (var conn = new NpgsqlConnection(seeded.App.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                $"UPDATE {MartenSetup.Schema}.mt_events SET data = jsonb_set(data, '{{applicant,name}}', '\"Người Khác\"') WHERE stream_id = $1 AND type = 'case_received'", conn)
                { Parameters = { new() { Value = c.Id } } };
            await tamper.ExecuteNonQueryAsync();
            await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
            (await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify")).Err.ShouldContain("the personal data does not match its commitment");
            await using var undo = new NpgsqlCommand(
                $"UPDATE {MartenSetup.Schema}.mt_events SET data = jsonb_set(data, '{{applicant,name}}', to_jsonb($2::text)) WHERE stream_id = $1 AND type = 'case_received'", conn)
                { Parameters = { new() { Value = c.Id }, new() { Value = applicant.Name } } };
            await undo.ExecuteNonQueryAsync();
        }

        (await Cli.RunAsync(seeded.App.ConnectionString, "privacy", "erase", c.Code)).Exit.ShouldBe(2);   // --reason is required
        var erase = await Cli.RunAsync(seeded.App.ConnectionString, "privacy", "erase", c.Code, "--reason", "Yêu cầu xoá dữ liệu của chủ thể dữ liệu ngày 02/03/2026", "--by", "admin");
        erase.Exit.ShouldBe(0, erase.Err);
        foreach (var value in new[] { applicant.Name, applicant.Phone!, applicant.Address!, applicant.IdNumber! })
            (await TablesContaining(value)).ShouldBeEmpty(value);

        await using (var q = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var erased = (await q.Events.FetchStreamAsync(c.Id)).Select(e => e.Data).OfType<PersonalDataErased>().ShouldHaveSingleItem();
            erased.By.ShouldBe("admin");
            erased.Versions.ShouldBe([1L]);   // the receipt, which held the applicant's data
        }
        (await _api.Details(c.Id)).Applicant.Name.ShouldBe(IsoEdms.Domain.Audit.PersonalData.ErasedText);
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var verify = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        verify.Exit.ShouldBe(0, verify.Err);
        // the case goes on without the data
        await _api.Act($"/api/cases/{c.Id}/steps/receive/complete", new IsoEdms.Cases.Working.CompleteStep((await _api.Details(c.Id)).Version, null), "nguyen-van-an");
    }

    [Fact]
    public async Task a_receipt_stored_before_commitments_can_be_erased_too_and_the_recorded_erasure_stands_for_its_seal()
    {
        _api.NextWorkingDay(9);
        var applicant = new Applicant("Lý Thị Cũ", "046188000777", "0914000777", "7 kiệt Xưa, xã Quảng Điền");
        const string code = "XQD-2026-880001";
        var id = IsoEdms.Cases.CaseEvents.CaseIdFor("xa-quang-dien", code);
        // a receipt as stores made before this kept it: no salt, no commitment, sealed over the applicant's data itself
        using (var scope = seeded.App.Host.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            await using var session = sp.GetRequiredService<IDocumentStore>().LightweightSession();
            var docs = sp.GetRequiredService<IsoEdms.Procedures.PublishedDocuments>();
            var calendarVersion = (await session.Query<IsoEdms.Calendars.CalendarCatalogEntry>().SingleAsync(x => x.Calendar == "vn-gov")).Version;
            var pinned = (await docs.ProcedureAsync(session, "chung-thuc.hop-dong-dat", 1, CancellationToken.None))!;
            var ctx = new CaseContext(pinned.Definition, pinned.ContentHash, (await docs.CalendarAsync(session, "vn-gov", calendarVersion, CancellationToken.None))!,
                await sp.GetRequiredService<IsoEdms.Organisation.OrgSnapshots>().CurrentAsync(session, CancellationToken.None));
            var receipt = CaseDecider.Receive(id, new ReceiveCase(code, "xa-quang-dien", null, applicant, []), ctx, "nguyen-van-an", _api.Now);
            receipt.Error.ShouldBeNull();
            ((CaseReceived)receipt.Events[0]).PersonalCommitment.ShouldBeNull();
            session.LastModifiedBy = "nguyen-van-an";
            IsoEdms.Audit.EventSealing.Seal(session.Events.StartStream<IsoEdms.Cases.CaseDetails>(id, receipt.Events.ToArray()).Events, id, 0, null, "nguyen-van-an");
            await Transactions.CommitAsync(session);
        }
        var erase = await Cli.RunAsync(seeded.App.ConnectionString, "privacy", "erase", code, "--reason", "Hết thời hạn lưu trữ", "--by", "admin");
        erase.Exit.ShouldBe(0, erase.Err);
        (await TablesContaining(applicant.Name)).ShouldBeEmpty();
        (await TablesContaining(applicant.Phone!)).ShouldBeEmpty();
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var verify = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        verify.Exit.ShouldBe(0, verify.Err);
    }
}
