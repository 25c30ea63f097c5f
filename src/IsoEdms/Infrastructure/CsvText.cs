using System.Globalization;
using CsvHelper;

namespace IsoEdms.Infrastructure;

/// <summary>
/// Every CSV the product writes (reports on the API and the command line): RFC 4180 quoting by CsvHelper, numbers and
/// dates in the invariant culture, instants in ISO 8601, a header row in Vietnamese (the JSON of the same report keeps its
/// snake_case keys), and a byte-order mark first, so that Excel on Windows reads the Vietnamese as UTF-8.
/// </summary>
public static class CsvText
{
    public static string Write<T>(IReadOnlyList<string> header, IEnumerable<T> rows, Func<T, IEnumerable<object?>> fields)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        text.Write('\uFEFF');
        // a text field a spreadsheet would run as a formula (=, +, -, @ first) is escaped: these files are opened in Excel
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape }, true))
        {
            foreach (var h in header) csv.WriteField(h);
            csv.EndRecord();
            foreach (var row in rows)
            {
                foreach (var f in fields(row)) csv.WriteField(f switch { DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture), IFormattable n => n.ToString(null, CultureInfo.InvariantCulture), null => "", _ => f.ToString() });
                csv.EndRecord();
            }
        }
        return text.ToString();
    }
}
