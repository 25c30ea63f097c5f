namespace IsoEdms.Domain.Timeliness;

/// <summary>How a finished case or a step was judged against its due date, as events' readers, the statistics tables and
/// the reports spell it (snake_case of <see cref="Timeliness"/>).</summary>
public static class Classifications
{
    public const string Early = "early", OnTime = "on_time", Late = "late";

    public static readonly string[] All = [Early, OnTime, Late];

    public static string Of(Timeliness t) => t switch { Timeliness.Early => Early, Timeliness.OnTime => OnTime, _ => Late };
}

/// <summary>
/// How a case or a step came to its end, in the statistics: a case is worked to a result, refused or stopped; a step is
/// completed, sent back (returned), or ends with its case's refusal or stop.
/// </summary>
public static class Endings
{
    public const string Finished = "finished", Refused = "refused", Stopped = "stopped", Completed = "completed", Returned = "returned";
}
