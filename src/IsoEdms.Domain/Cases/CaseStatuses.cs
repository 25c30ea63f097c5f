namespace IsoEdms.Domain.Cases;

/// <summary>
/// A case's status as documents, the API, the dossier register and the pages write it (snake_case of
/// <see cref="CaseStatus"/>). The one place these words are spelled.
/// </summary>
public static class CaseStatuses
{
    public const string InProgress = "in_progress", Suspended = "suspended", Finished = "finished", Delivered = "delivered",
        Refused = "refused", Stopped = "stopped";

    public static readonly string[] All = [InProgress, Suspended, Finished, Delivered, Refused, Stopped];

    public static string Of(CaseStatus s) => s switch
    {
        CaseStatus.InProgress => InProgress,
        CaseStatus.Suspended => Suspended,
        CaseStatus.Finished => Finished,
        CaseStatus.Delivered => Delivered,
        CaseStatus.Refused => Refused,
        _ => Stopped,
    };
}
