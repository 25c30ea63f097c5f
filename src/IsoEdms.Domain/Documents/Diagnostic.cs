namespace IsoEdms.Domain.Documents;

/// <summary>
/// One problem in a controlled document, printed as <c>path:line:column: message</c> (English, for the command line and
/// the logs); <see cref="Said"/> carries the same sentence by code, which the pages word in the reader's language.
/// </summary>
public sealed record Diagnostic(string Path, int Line, int Column, string Message)
{
    /// <summary>The problem said by code (<see cref="Said"/>), its English as the message.</summary>
    public static Diagnostic Of(string path, int line, int column, Said said) => new(path, line, column, said.English) { Said = said };

    /// <summary>The sentence by code and values; null for a problem said only in English.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Said? Said { get; init; }

    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}

public sealed class DocumentException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
