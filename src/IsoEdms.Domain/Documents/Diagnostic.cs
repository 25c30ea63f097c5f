namespace IsoEdms.Domain.Documents;

/// <summary>One problem in a controlled document, printed as <c>path:line:column: message</c>.</summary>
public sealed record Diagnostic(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}

public sealed class DocumentException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
