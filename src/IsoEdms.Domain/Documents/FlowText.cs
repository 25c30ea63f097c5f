namespace IsoEdms.Domain.Documents;

/// <summary>Where a flow bracket or a quote opens that the text never closes (1-based line and column).</summary>
public sealed record UnclosedOpener(int Line, int Column, char Opener)
{
    public string Describe() => Opener switch { '{' => "'{'", '[' => "'['", '"' => "double quote", _ => "single quote" };
}

/// <summary>
/// A scan of YAML text for the bracket or quote a person forgot to close: quotes, '[' and '{' count only where a
/// value can start (after ':', '-', ',', '[', '{' or at the start of a line), so the apostrophe in <c>it's</c> or the
/// brace inside a plain word do not; comments are skipped. The innermost unclosed one is named.
/// </summary>
public static class FlowText
{
    public static UnclosedOpener? Unclosed(string text)
    {
        var open = new Stack<UnclosedOpener>();
        UnclosedOpener? quote = null;
        var (line, column, previous) = (1, 0, '\n');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; column = 0; if (quote is null) previous = '\n'; continue; }
            column++;
            if (quote is { } q)
            {
                if (q.Opener == '"' && c == '\\') { i++; column++; continue; }
                if (c != q.Opener) continue;
                if (q.Opener == '\'' && i + 1 < text.Length && text[i + 1] == '\'') { i++; column++; continue; }   // '' inside '...'
                quote = null;
                previous = 'x';
                continue;
            }
            if (c is ' ' or '\t' or '\r') continue;
            if (c == '#' && (column == 1 || text[i - 1] is ' ' or '\t'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            var valueStarts = previous is '\n' or ':' or '-' or ',' or '[' or '{' or '?';
            if (valueStarts && c is '"' or '\'') { quote = new UnclosedOpener(line, column, c); continue; }
            if (valueStarts && c is '[' or '{') open.Push(new UnclosedOpener(line, column, c));
            else if (c is ']' or '}' && open.TryPeek(out var top) && top.Opener == (c == ']' ? '[' : '{')) open.Pop();
            previous = c;
        }
        return quote ?? (open.Count > 0 ? open.Peek() : null);
    }
}
