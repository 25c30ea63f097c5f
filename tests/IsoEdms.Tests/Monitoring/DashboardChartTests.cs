using System.Text.RegularExpressions;
using Alba;
using Marten;
using Marten.Events;
using IsoEdms.Monitoring;
using IsoEdms.Tests.Cases;

namespace IsoEdms.Tests.Monitoring;

/// <summary>The dashboard draws each timeliness table as a chart (OxyPlot, SVG in the page) whose bars are the table's figures.</summary>
public class DashboardChartTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    [Fact]
    public async Task the_chart_by_unit_has_a_late_bar_exactly_for_the_units_with_late_dossiers_and_is_an_image_named_in_vietnamese()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("isoedms-chart-").FullName, "cases.jsonl");
        (await Cli.RunAsync(seeded.App.ConnectionString, "demo", "generate", "--cases", "120", "--seed", "5", "--from", "2025-07-01", "--to", "2025-12-31", "--out", file)).Exit.ShouldBe(0);
        (await Cli.RunAsync(seeded.App.ConnectionString, "import", file, "--by", "ho-thi-xuan")).Exit.ShouldBe(0);
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        const string period = "from=2025-07-01&to=2025-12-31";
        var rows = (await seeded.App.Host.GetAsJson<List<TimelinessRow>>($"/api/reports/timeliness?by=unit&level=case&{period}&format=json"))!;
        rows.Count.ShouldBeGreaterThan(1);
        rows.ShouldContain(r => r.Late > 0);
        var html = await (await seeded.App.Host.Scenario(s => s.Get.Url($"/bang-dieu-khien?{period}"))).ReadAsTextAsync();

        var chart = Regex.Match(html, @"<svg[^>]*data-chart=""chart-unit""[\s\S]*?</svg>").Value;
        chart.ShouldContain("role=\"img\"");
        chart.ShouldContain("aria-label=\"Biểu đồ: Theo đơn vị\"");
        // one late bar per unit (of no width for a unit without late dossiers), and the legend's swatch
        var lateBars = Regex.Matches(chart, @"<rect[^>]*width=""([\d.]+)""[^>]*fill:rgb\(179,38,30\)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var shown = rows.Take(15).ToList();
        lateBars.Count.ShouldBe(shown.Count + 1);
        lateBars.Count(w => w > 0).ShouldBe(shown.Count(r => r.Late > 0) + 1);
        foreach (var r in shown) chart.ShouldContain($">{r.Name}</text>");   // each bar named by its unit, as in the table
        // several charts on one page, each with clip paths of its own
        Regex.Count(html, @"id=""chart-unit-clip\d+""").ShouldBeGreaterThan(0);
        Regex.Count(html, @"id=""clipPath\d+""").ShouldBe(0);
    }
}
