using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Organisation;

public class OrgLoadingTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static OrgPlan Plan(OrgData desired, OrgSnapshot current) =>
        OrgLoading.Plan(desired, Shipped.OrgData.Roles, current, new Dictionary<Guid, long>(), Today, "test", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Given_the_loaded_organisation_When_the_same_files_are_planned_again_Then_nothing_is_appended()
    {
        Plan(Shipped.OrgData, Shipped.Org).Appends.ShouldBeEmpty();
    }

    [Fact]
    public void Given_an_empty_store_When_the_shipped_files_are_planned_Then_the_district_is_created_and_merged_into_the_communes()
    {
        var plan = Plan(Shipped.OrgData, new OrgSnapshot([], []));
        plan.Errors.ShouldBeEmpty();
        var district = plan.Appends.Single(a => a.StreamId == UnitRecord.StreamIdFor("huyen-quang-dien")).Events;
        var merged = district[1].ShouldBeOfType<UnitMerged>();
        (merged.Code, merged.On).ShouldBe(("huyen-quang-dien", new DateOnly(2025, 7, 1)));
        merged.Into.ShouldBe(["xa-quang-dien", "xa-dan-dien"]);
        var tho = Shipped.Org.Person("nguyen-huu-tho")!;
        tho.HoldsRole("huyen-quang-dien", "reception-officer", new DateOnly(2025, 6, 30)).ShouldBeTrue();
        tho.HoldsRole("huyen-quang-dien", "reception-officer", new DateOnly(2025, 7, 1)).ShouldBeFalse();
    }

    [Fact]
    public void Given_a_person_When_moved_without_a_date_Then_the_move_takes_effect_today_and_history_stays()
    {
        var moved = Shipped.OrgData with { People = Shipped.OrgData.People.Select(p => p.Id == "le-thi-hoa" ? p with { Unit = "xa-dan-dien" } : p).ToList() };
        var plan = Plan(moved, Shipped.Org);
        var events = plan.Appends.Single().Events;
        events[0].ShouldBeOfType<PersonUnassigned>().ShouldSatisfyAllConditions(e => e.Unit.ShouldBe("xa-quang-dien"), e => e.On.ShouldBe(Today));
        events[1].ShouldBeOfType<PersonAssigned>().ShouldSatisfyAllConditions(e => e.Unit.ShouldBe("xa-dan-dien"), e => e.From.ShouldBe(Today));
        var after = Shipped.Fold(Plan(moved, new OrgSnapshot([], [])));
        var hoa = Shipped.Fold(Plan(Shipped.OrgData, new OrgSnapshot([], []))).Person("le-thi-hoa")!;   // a copy: the shared snapshot stays as loaded
        foreach (var e in events) { if (e is PersonUnassigned u) hoa.Apply(u); else hoa.Apply((PersonAssigned)e); }
        hoa.HoldsRole("xa-quang-dien", "justice-officer", Today.AddDays(-1)).ShouldBeTrue();
        hoa.HoldsRole("xa-quang-dien", "justice-officer", Today).ShouldBeFalse();
        hoa.HoldsRole("xa-dan-dien", "justice-officer", Today).ShouldBeTrue();
        after.Person("le-thi-hoa")!.Current!.Unit.ShouldBe("xa-dan-dien");
    }

    [Fact]
    public void Given_a_unit_When_its_name_changes_Then_the_old_name_stays_on_earlier_dates()
    {
        var renamed = Shipped.OrgData with
        {
            Units = Shipped.OrgData.Units.Select(u => u.Code == "xa-dan-dien" ? u with { Name = new LocalizedText("UBND xã Đan Điền (mới)", null) } : u).ToList(),
        };
        var e = Plan(renamed, Shipped.Org).Appends.Single().Events.Single().ShouldBeOfType<UnitRenamed>();
        var unit = Shipped.Fold(Plan(Shipped.OrgData, new OrgSnapshot([], []))).Unit("xa-dan-dien")!;
        unit.Apply(e);
        unit.NameOn(Today.AddDays(-1)).Vi.ShouldBe("UBND xã Đan Điền");
        unit.NameOn(Today).Vi.ShouldBe("UBND xã Đan Điền (mới)");
    }

    [Fact]
    public void Given_a_rename_with_its_own_date_When_loaded_later_Then_the_new_name_applies_from_that_date()
    {
        var decided = Today.AddDays(-40);   // the decision renamed the commune weeks before the file was loaded
        var renamed = Shipped.OrgData with
        {
            Units = Shipped.OrgData.Units.Select(u => u.Code == "xa-dan-dien" ? u with { Name = new LocalizedText("UBND xã Đan Điền (mới)", null), RenamedOn = decided } : u).ToList(),
        };
        var e = Plan(renamed, Shipped.Org).Appends.Single().Events.Single().ShouldBeOfType<UnitRenamed>();
        e.From.ShouldBe(decided);
        var unit = Shipped.Fold(Plan(Shipped.OrgData, new OrgSnapshot([], []))).Unit("xa-dan-dien")!;
        unit.Apply(e);
        unit.NameOn(decided.AddDays(-1)).Vi.ShouldBe("UBND xã Đan Điền");
        unit.NameOn(decided).Vi.ShouldBe("UBND xã Đan Điền (mới)");
    }

    [Fact]
    public void A_renamed_on_date_outside_the_units_life_is_refused_with_its_line()
    {
        var (_, errors) = OrgFile.Parse("org/bad.yaml", """
            units:
              - code: xa-moi
                name: { vi: "UBND xã Mới" }
                level: commune
                from: 2025-07-01
                renamed_on: 2025-06-01
            """);
        var error = errors.ShouldHaveSingleItem();
        (error.Path, error.Line).ShouldBe(("org/bad.yaml", 6));
        error.Message.ShouldContain("renamed_on 2025-06-01 lies outside the unit's life");
    }

    [Fact]
    public void A_units_dossier_codes_start_with_its_declared_agency_code_and_never_with_initials_two_units_share()
    {
        // tp-hue and thue-hue both had the initials TH: two desks numbering TH-2026-000001
        Shipped.Org.Unit("tp-hue")!.DossierPrefix.ShouldBe("TPHUE");
        Shipped.Org.Unit("thue-hue")!.DossierPrefix.ShouldBe("THUE");
        Shipped.Org.Units.Select(u => u.DossierPrefix.ToUpperInvariant()).ShouldBeUnique();
        new UnitRecord { Code = "xa-moi" }.DossierPrefix.ShouldBe("XA-MOI");   // without an agency code: its own code, unique too
    }

    [Fact]
    public void An_agency_code_declared_twice_or_malformed_is_refused_with_its_line()
    {
        var (_, errors) = OrgFile.Parse("org/bad.yaml", """
            units:
              - { code: xa-mot, name: { vi: "UBND xã Một" }, level: commune, agency_code: 000.00.31.H57 }
              - { code: xa-hai, name: { vi: "UBND xã Hai" }, level: commune, agency_code: 000.00.31.h57 }
              - { code: xa-ba, name: { vi: "UBND xã Ba" }, level: commune, agency_code: "XB-1" }
            """);
        errors.Select(e => (e.Path, e.Line)).ShouldBe([("org/bad.yaml", 3), ("org/bad.yaml", 4)]);
        errors[0].Message.ShouldContain("agency_code '000.00.31.h57' is already the agency code of unit 'xa-mot'");
        errors[1].Message.ShouldContain("agency_code 'XB-1' may contain only letters, digits and '.'");
    }

    [Fact]
    public void A_unit_whose_own_code_would_number_like_another_units_agency_code_is_refused()
    {
        var clash = Shipped.OrgData with { Units = [.. Shipped.OrgData.Units, new UnitDefinition("xqd", new LocalizedText("UBND xã Q", null), "commune", "tp-hue", null, null, [])] };
        Plan(clash, Shipped.Org).Errors.ShouldContain(e => e.Contains("'xa-quang-dien', 'xqd'") && e.Contains("same prefix 'XQD'"));
    }

    [Fact]
    public void Given_a_loaded_unit_When_its_agency_code_changes_Then_one_event_records_it()
    {
        var changed = Shipped.OrgData with { Units = Shipped.OrgData.Units.Select(u => u.Code == "xa-dan-dien" ? u with { AgencyCode = "000.00.32.H57" } : u).ToList() };
        var plan = Plan(changed, Shipped.Org);
        plan.Errors.ShouldBeEmpty();
        var set = plan.Appends.ShouldHaveSingleItem().Events.ShouldHaveSingleItem().ShouldBeOfType<UnitAgencyCodeSet>();
        (set.Code, set.AgencyCode).ShouldBe(("xa-dan-dien", "000.00.32.H57"));
        var unit = new UnitRecord { Code = "xa-dan-dien", AgencyCode = "XDD" };
        unit.Apply(set);
        unit.DossierPrefix.ShouldBe("000.00.32.H57");
    }
}
