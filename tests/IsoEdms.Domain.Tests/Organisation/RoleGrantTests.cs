using IsoEdms.Domain.Access;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Tests.Cases;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Organisation;

/// <summary>
/// Rule 25: what a role means (the one-stop desk, the head of a unit, oversight) is a grant in the organisation data. An
/// organisation that names its roles differently from the shipped files works the same, and a role code means nothing.
/// </summary>
public class RoleGrantTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Monday = Local(2026, 3, 2, 8);
    private const string Unit = "phuong-an-cuu";

    // the province's own role codes, none of them shipped
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["reception-officer"] = "mot-cua", ["justice-officer"] = "tu-phap", ["commune-chair"] = "chu-tich-phuong", ["clerk"] = "van-thu",
    };

    private static OrgSnapshot Org(bool deskGrant = true, bool headGrant = true)
    {
        RoleRecord Role(string code, params string[] grants) => new() { Code = code, Name = new LocalizedText(code, null), Grants = [.. grants] };
        PersonRecord Person(string code, params string[] roles) =>
            new() { Code = code, Name = code, Assignments = [new Assignment(Unit, roles, new DateOnly(2025, 7, 1), null)] };
        return new OrgSnapshot(
            [new UnitRecord { Code = Unit, Level = "commune", From = new DateOnly(2025, 7, 1), Names = [new UnitName(null, new LocalizedText("UBND phường An Cựu", null))] }],
            [Person("desk", "mot-cua"), Person("jurist", "tu-phap"), Person("chair", "chu-tich-phuong"), Person("clerk", "van-thu"), Person("qo", "kiem-soat-chat-luong")],
            [Role("mot-cua", deskGrant ? [Grants.OneStopDesk] : []), Role("tu-phap"), Role("chu-tich-phuong", headGrant ? [Grants.UnitHead] : []), Role("van-thu"),
             Role("kiem-soat-chat-luong", Grants.QualityOfficer, Grants.Auditor)]);
    }

    private static CaseContext Context(OrgSnapshot org)
    {
        var shipped = Procedure("chung-thuc.hop-dong-dat");
        var def = shipped with { Steps = shipped.Steps.Select(s => s with { Role = Renamed[s.Role] }).ToList() };
        return new CaseContext(def, Canonical.Sha256(def), TestCalendars.VnGov, org);
    }

    private static CaseState AtReview(CaseContext ctx)
    {
        var r = CaseDecider.Receive(Id, new ReceiveCase("PAC-2026-000001", Unit, null, new Applicant("Hồ Thị Lan"), []), ctx, "desk", Monday);
        r.Error.ShouldBeNull();
        var s = CaseState.Fold(r.Events)!;
        var done = CaseDecider.Complete(s, "receive", null, ctx, "desk", Monday.AddMinutes(30));
        done.Error.ShouldBeNull();
        return done.Events.Aggregate(s, (x, e) => x.Apply(e));
    }

    [Fact]
    public void Given_roles_named_by_the_province_When_the_desk_that_received_a_dossier_records_its_withdrawal_Then_its_grant_allows_it()
    {
        var ctx = Context(Org());
        var s = AtReview(ctx);
        s.Current!.Role.ShouldBe("tu-phap");   // the desk does not hold the current step
        CaseDecider.Stop(s, "Người nộp xin rút hồ sơ", ctx, "desk", Monday.AddHours(1)).Error.ShouldBeNull();

        var noGrant = Context(Org(deskGrant: false));
        var refused = CaseDecider.Stop(AtReview(noGrant), "Người nộp xin rút hồ sơ", noGrant, "desk", Monday.AddHours(1)).Error.ShouldNotBeNull();
        refused.Kind.ShouldBe(ErrorKind.Forbidden);
    }

    [Fact]
    public void Given_roles_named_by_the_province_When_the_head_assigns_work_Then_the_unit_head_grant_decides_not_the_role_code()
    {
        var ctx = Context(Org());
        CaseDecider.Assign(AtReview(ctx), "review", "jurist", ctx, "chair", Monday.AddHours(1)).Error.ShouldBeNull();

        var noGrant = Context(Org(headGrant: false));
        CaseDecider.Assign(AtReview(noGrant), "review", "jurist", noGrant, "chair", Monday.AddHours(1)).Error.ShouldNotBeNull().Kind.ShouldBe(ErrorKind.Forbidden);
    }

    [Fact]
    public void What_a_person_may_do_comes_from_the_grants_of_their_roles()
    {
        var org = Org();
        var today = new DateOnly(2026, 3, 2);
        var chair = Principal.For(org.Person("chair")!, today, org);
        (chair.Has(AccessRole.UnitHead), chair.HeadOf.Single(), chair.Has(AccessRole.Staff)).ShouldBe((true, Unit, true));
        var qo = Principal.For(org.Person("qo")!, today, org);
        (qo.Has(AccessRole.QualityOfficer), qo.Has(AccessRole.Auditor), qo.Has(AccessRole.Staff), qo.SeesAllUnits).ShouldBe((true, true, false, true));
        Principal.For(org.Person("clerk")!, today, org).Roles.ShouldBe([AccessRole.Staff]);
    }

    [Fact]
    public void An_unknown_grant_is_refused_with_its_line()
    {
        var (_, errors) = OrgFile.Parse("org/roles.yaml", """
            roles:
              - { code: mot-cua, name: { vi: "Bộ phận một cửa" }, grants: [one_stop_desk] }
              - code: chu-tich
                name: { vi: "Chủ tịch" }
                grants: [unit_head, head_of_everything]
            """);
        var error = errors.ShouldHaveSingleItem();
        (error.Path, error.Line).ShouldBe(("org/roles.yaml", 5));
        error.Message.ShouldContain("role 'chu-tich': unknown grant 'head_of_everything'; the grants are one_stop_desk, unit_head, quality_officer, auditor, administrator");
    }

    [Fact]
    public void The_shipped_roles_declare_their_grants_and_loading_them_again_changes_nothing()
    {
        Shipped.Org.Role("reception-officer")!.Grants.ShouldBe([Grants.OneStopDesk]);
        Shipped.Org.Roles.Where(r => r.Grants.Contains(Grants.UnitHead)).Select(r => r.Code).Order().ShouldBe(["commune-chair", "director", "unit-head"]);
        var changed = Shipped.OrgData with { Roles = Shipped.OrgData.Roles.Select(r => r.Code == "clerk" ? r with { Grants = [Grants.OneStopDesk] } : r).ToList() };
        var plan = OrgLoading.Plan(changed, Shipped.OrgData.Roles, Shipped.Org, new Dictionary<Guid, long>(), new DateOnly(2026, 11, 28), "test", DateTimeOffset.UnixEpoch);
        plan.Appends.ShouldHaveSingleItem().Events.ShouldHaveSingleItem().ShouldBeOfType<RoleDefined>().Grants.ShouldBe([Grants.OneStopDesk]);
    }
}
