using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Timeliness;
using IsoEdms.Domain.Tests.Cases;

namespace IsoEdms.Domain.Tests.Statistics;

/// <summary>Rule 2: history stays with the unit of the time; a report rolls it up to the successors only on request.</summary>
public class RollUpTests
{
    private static TimelinessCounts Row(string key, int received, int late) => new(key, received, 0, 0, 0, late, 0, 0, 0, 0, 0, 0);

    [Fact]
    public void Given_a_district_split_into_two_communes_When_rolled_up_Then_its_rows_count_for_the_group_of_its_successors()
    {
        // the shipped organisation: huyen-quang-dien ended on 2025-07-01, merged into xa-quang-dien and xa-dan-dien
        UnitRollUp.KeyOf(Shipped.Org, "huyen-quang-dien").ShouldBe("xa-dan-dien+xa-quang-dien");
        UnitRollUp.KeyOf(Shipped.Org, "xa-quang-dien").ShouldBe("xa-quang-dien");
        var rolled = UnitRollUp.Apply(Shipped.Org, [Row("huyen-quang-dien", 40, 3), Row("xa-quang-dien", 10, 1)]);
        rolled.Select(r => (r.Key, r.Received, r.Late)).ShouldBe([("xa-dan-dien+xa-quang-dien", 40, 3), ("xa-quang-dien", 10, 1)]);
    }

    [Fact]
    public void Given_units_merged_into_one_that_merged_again_When_rolled_up_Then_every_predecessor_adds_into_the_unit_of_today()
    {
        UnitRecord Unit(string code, DateOnly? ended = null, params string[] into) =>
            new() { Code = code, Ended = ended, MergedInto = [.. into], Names = [new UnitName(null, new LocalizedText(code, null))] };
        var ended = new DateOnly(2025, 7, 1);
        var org = new OrgSnapshot([Unit("xa-a", ended, "xa-ab"), Unit("xa-b", ended, "xa-ab"), Unit("xa-ab", new DateOnly(2026, 1, 1), "phuong-moi"), Unit("phuong-moi")], []);
        UnitRollUp.Apply(org, [Row("xa-a", 5, 1), Row("xa-b", 7, 0), Row("xa-ab", 2, 2), Row("phuong-moi", 1, 0)])
            .Select(r => (r.Key, r.Received, r.Late)).ShouldBe([("phuong-moi", 15, 3)]);
    }
}
