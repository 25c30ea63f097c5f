using Alba;
using IsoEdms.Cases.Receiving;
using IsoEdms.Organisation;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Organisation;

/// <summary>The organisation over time: loaded from files into events, idempotent, and read by date.</summary>
public class OrgLoadTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isoedms-org-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void every_event_of_the_organisation_but_a_password_moves_the_stamp_and_the_stamp_reads_no_other()
    {
        // the stamp keys the cached organisation: an event of units, posts or roles it missed would leave commands deciding
        // on the old organisation; one it read beyond these would make its rebuild read every case event again
        var organisation = IsoEdms.Domain.EventCatalog.All
            .Where(t => t.Namespace == typeof(IsoEdms.Domain.Organisation.UnitCreated).Namespace)
            .Except([typeof(IsoEdms.Domain.Organisation.PasswordSet), typeof(IsoEdms.Domain.Organisation.PasswordChanged)]).ToList();
        organisation.Count.ShouldBeGreaterThan(5);
        new OrgStampProjection().IncludedEventTypes.ShouldBe(organisation, ignoreOrder: true);
    }

    [Fact]
    public async Task loading_the_same_files_again_appends_nothing()
    {
        (await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", Cli.Processes("org"))).Exit.ShouldBe(0);   // whatever other tests changed
        var again = await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", Cli.Processes("org"));
        again.Exit.ShouldBe(0);
        again.Out.Trim().ShouldBe("unchanged: the organisation already matches the files");
        var list = await Cli.RunAsync(seeded.App.ConnectionString, "org", "list");
        list.Out.ShouldContain("huyen-quang-dien");
        list.Out.ShouldContain("ended 2025-07-01, merged into xa-quang-dien, xa-dan-dien");
    }

    [Fact]
    public async Task the_district_exists_until_its_merger_and_the_communes_from_that_day()
    {
        var before = (await seeded.App.Host.GetAsJson<List<UnitView>>("/api/org/units?on=2025-06-30"))!.Select(u => u.Code).ToList();
        var after = (await seeded.App.Host.GetAsJson<List<UnitView>>("/api/org/units?on=2025-07-01"))!.Select(u => u.Code).ToList();
        before.ShouldContain("huyen-quang-dien");
        before.ShouldNotContain("xa-quang-dien");
        after.ShouldNotContain("huyen-quang-dien");
        after.ShouldContain("xa-quang-dien");
        after.ShouldContain("xa-dan-dien");
        var district = (await seeded.App.Host.GetAsJson<List<UnitView>>("/api/org/units"))!.Single(u => u.Code == "huyen-quang-dien");
        district.MergedInto.ShouldBe(["xa-quang-dien", "xa-dan-dien"]);
        var staff = (await seeded.App.Host.GetAsJson<List<PersonView>>("/api/org/people"))!.Single(p => p.Code == "nguyen-huu-tho");
        staff.Unit.ShouldBeNull();
        staff.Assignments.Single().ShouldSatisfyAllConditions(a => a.Unit.ShouldBe("huyen-quang-dien"), a => a.Until.ShouldBe(new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public async Task a_rename_and_a_move_take_effect_from_their_dates_and_roles_are_checked_on_the_day()
    {
        var file = Write("changes.yaml", """
            units:
              - { code: xa-dan-dien, name: { vi: "UBND xã Đan Điền mới", en: "New Dan Dien Commune" }, level: commune, parent: tp-hue, from: 2025-07-01 }
            people:
              - { id: ngo-thi-thu, name: "Ngô Thị Thu", unit: xa-quang-dien, roles: [vt.reception-officer], from: 2026-04-01 }
            """);
        var load = await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", file);
        load.Exit.ShouldBe(0, load.Err);
        load.Out.ShouldContain("unit xa-dan-dien: renamed from");
        load.Out.ShouldContain("person ngo-thi-thu: assigned to xa-quang-dien as vt.reception-officer from 2026-04-01");

        var units = (await seeded.App.Host.GetAsJson<List<UnitView>>("/api/org/units"))!;
        units.Single(u => u.Code == "xa-dan-dien").ShouldSatisfyAllConditions(u => u.NameVi.ShouldBe("UBND xã Đan Điền mới"), u => u.Names.Count.ShouldBe(2));
        (await seeded.App.Host.GetAsJson<List<UnitView>>("/api/org/units?on=2025-08-01"))!.Single(u => u.Code == "xa-dan-dien").NameVi.ShouldBe("UBND xã Đan Điền");

        // the clock of the host is 2 March 2026: she still works at xa-dan-dien
        var api = new CaseApi(seeded.App);
        (await api.Receive("chung-thuc.ban-sao", "xa-dan-dien", "ngo-thi-thu")).Case!.ReceivingUnit.ShouldBe("xa-dan-dien");
        (await api.Fail("/api/cases", new ReceiveCaseRequest("chung-thuc.ban-sao", "xa-quang-dien", null, new("Lê Thị Nở"), [], "k-early"), "ngo-thi-thu", 403))
            .Detail.ShouldContain("is not a vt.reception-officer of xa-quang-dien on 2026-03-02");
        api.AdvanceTo(api.Local(new DateOnly(2026, 4, 1), 8));
        (await api.Receive("chung-thuc.ban-sao", "xa-quang-dien", "ngo-thi-thu")).Case!.ReceivingUnit.ShouldBe("xa-quang-dien");
        (await api.Fail("/api/cases", new ReceiveCaseRequest("chung-thuc.ban-sao", "xa-dan-dien", null, new("Lê Thị Nở"), [], "k-late"), "ngo-thi-thu", 403)).Status.ShouldBe(403);

        var again = await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", file);
        again.Out.Trim().ShouldBe("unchanged: the organisation already matches the files");
    }

    [Fact]
    public async Task an_invalid_file_names_file_line_and_problem_and_loads_nothing()
    {
        var file = Write("bad.yaml", """
            units:
              - { code: xa-moi, name: { vi: "UBND xã Mới" }, level: commune, parent: tp-hue }
            people:
              - { id: tran-moi, name: "Trần Mới", unit: xa-moi, roles: [wizard] }
              - { id: le-moi, name: "Lê Mới", unit: xa-khong-co, roles: [vt.clerk] }
            """);
        var r = await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", file);
        r.Exit.ShouldBe(1);
        r.Err.ShouldContain("person 'tran-moi': unknown role 'wizard'");
        r.Err.ShouldContain("person 'le-moi': unknown unit 'xa-khong-co'");
        r.Err.ShouldContain("nothing was loaded");
        (await seeded.App.Host.GetAsJson<List<UnitView>>("/api/org/units"))!.ShouldNotContain(u => u.Code == "xa-moi");

        var syntax = Write("syntax.yaml", "units:\n  - { code: Xa Moi, name: { vi: x }, level: commune }\n");
        var s = await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", syntax);
        s.Exit.ShouldBe(1);
        s.Err.ShouldMatch(@"syntax\.yaml:2:\d+: 'code' 'Xa Moi' may contain only");

        var relevel = Write("relevel.yaml", "units:\n  - { code: xa-quang-dien, name: { vi: \"UBND xã Quảng Điền\", en: \"Quảng Điền Commune\" }, level: province, parent: tp-hue, from: 2025-07-01 }\n");
        var lv = await Cli.RunAsync(seeded.App.ConnectionString, "org", "load", relevel);
        lv.Exit.ShouldBe(1);
        lv.Err.ShouldContain("level, parent and start date cannot change once loaded");
    }
}
