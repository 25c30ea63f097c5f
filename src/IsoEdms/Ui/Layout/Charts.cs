using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace IsoEdms.Ui.Layout;

/// <summary>One series of a chart: its name in the legend, its colour, a value per row.</summary>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<double> Values);

/// <summary>
/// Charts of the dashboard, drawn by OxyPlot on the server as SVG and placed in the page: no script, no outside resource,
/// and the table beside each chart keeps the figures for screen readers and for copying. Stacked horizontal bars, one
/// bar per row (a unit, a person, a month), so long Vietnamese names read without turning.
/// </summary>
public static partial class Charts
{
    /// <summary>The SVG of a stacked bar chart, <c>role="img"</c> with <paramref name="title"/> as its name; empty without rows.</summary>
    public static MarkupString StackedBars(string id, string title, IReadOnlyList<string> rows, IReadOnlyList<ChartSeries> series)
    {
        if (rows.Count == 0) return new MarkupString("");
        var model = new PlotModel { DefaultFont = "system-ui, sans-serif", DefaultFontSize = 12, PlotAreaBorderColor = OxyColor.Parse("#d6dde5") };
        // without a font at hand OxyPlot guesses text widths short: the legend's entries get room of their own
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal, LegendItemSpacing = 24 });
        // the first row at the top, as in the table
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = rows, StartPosition = 1, EndPosition = 0, GapWidth = 0.4 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, MinimumPadding = 0, AbsoluteMinimum = 0, MajorGridlineStyle = LineStyle.Dot, StringFormat = "0", MinimumMajorStep = 1, MinimumMinorStep = 1 });
        foreach (var s in series)
        {
            var bars = new BarSeries { Title = s.Name, IsStacked = true, FillColor = OxyColor.Parse(s.Colour), StrokeThickness = 0 };
            foreach (var v in s.Values) bars.Items.Add(new BarItem(v));
            model.Series.Add(bars);
        }
        var longest = rows.Max(r => r.Length);
        var width = 720;
        var height = 70 + 26 * rows.Count;
        model.PlotMargins = new OxyThickness(Math.Min(260, 12 + 6.5 * longest), double.NaN, double.NaN, double.NaN);
        var svg = SvgExporter.ExportToString(model, width, height, false, new TextWidths());
        // one page holds several charts: their clip paths get ids of their own; the chart is an image named by its title
        svg = XmlDeclaration().Replace(svg, "");
        svg = svg.Replace("clipPath", $"{id}-clip", StringComparison.Ordinal);
        svg = svg.Replace($"<{id}-clip", "<clipPath", StringComparison.Ordinal).Replace($"</{id}-clip", "</clipPath", StringComparison.Ordinal);
        var name = System.Net.WebUtility.HtmlEncode(title);
        svg = SvgOpen().Replace(svg, $"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{name}\" class=\"chart\" data-chart=\"{id}\"", 1);
        return new MarkupString(svg.Trim());
    }

    /// <summary>
    /// Text widths for the layout (legend boxes, the room of the row names): OxyPlot has no font of its own on a server,
    /// and its fallback guesses short, which cut the legend's last word. A generous average width per character of a
    /// sans-serif font at that size; drawing is left to the SVG exporter.
    /// </summary>
    private sealed class TextWidths : RenderContextBase
    {
        public override OxySize MeasureText(string text, string fontFamily = null!, double fontSize = 10, double fontWeight = 500) =>
            new(fontSize * 0.62 * (text?.Length ?? 0), fontSize * 1.25);

        public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily = null!, double fontSize = 10, double fontWeight = 500,
            double rotation = 0, HorizontalAlignment horizontalAlignment = HorizontalAlignment.Left, VerticalAlignment verticalAlignment = VerticalAlignment.Top,
            OxySize? maxSize = null) { }

        public override int ClipCount => 0;
        public override void PushClip(OxyRect clippingRectangle) { }
        public override void PopClip() { }

        public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode,
            double[] dashArray = null!, LineJoin lineJoin = LineJoin.Miter) { }

        public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode,
            double[] dashArray = null!, LineJoin lineJoin = LineJoin.Miter) { }
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"<svg width=""[\d.]+"" height=""[\d.]+""")]
    private static partial Regex SvgOpen();
}
