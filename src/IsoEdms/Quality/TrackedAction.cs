namespace IsoEdms.Quality;

/// <summary>
/// An action tracked to its closure: what, who answers for it, by when, and when it was done with what evidence. The
/// actions of management reviews and of risks are kept alike.
/// </summary>
public sealed class TrackedAction
{
    public int No { get; set; }
    public string Description { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly Due { get; set; }
    public DateOnly? DoneOn { get; set; }
    public string? Evidence { get; set; }
}
