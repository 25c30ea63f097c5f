using IsoEdms.Domain.Cases;

namespace IsoEdms.Domain.Notifications;

/// <summary>What a person outside the app is told about a case (rule 26 in docs/rules.md).</summary>
public enum NoticeKind
{
    /// <summary>To the applicant: the dossier was received, with its appointment (form 01).</summary>
    Received,
    /// <summary>To the applicant: the dossier needs a supplement, with the items asked for (form 02).</summary>
    SupplementNeeded,
    /// <summary>To the applicant: the result is at the one-stop desk.</summary>
    ResultReady,
    /// <summary>To the applicant: an apology and the new appointment (form 04).</summary>
    Apology,
    /// <summary>To the applicant: the dossier was refused, with the reason (form 03).</summary>
    Refused,
    /// <summary>To the applicant: processing stopped, with the reason (form 05).</summary>
    Stopped,
    /// <summary>To a member of staff: the head gave them a step.</summary>
    Assigned,
    /// <summary>To a member of staff: a step they completed came back to their unit to be done again.</summary>
    Returned,
}

public enum NoticeAudience { Applicant, Staff }

/// <summary>
/// One thing to tell one audience, with what the wording needs. <see cref="Person"/> is the member of staff addressed
/// (null for the applicant, and for <see cref="NoticeKind.Returned"/>, whose addressee the host finds on the slip).
/// </summary>
public sealed record Notice(NoticeKind Kind, NoticeAudience Audience, string? Person = null, string? Step = null, DateTimeOffset? When = null,
    string? Reason = null, IReadOnlyList<string>? Items = null);

public static class Notices
{
    /// <summary>The notices a decision's events call for, in the order of the events. Pure: the same events, the same notices.</summary>
    public static IReadOnlyList<Notice> For(IEnumerable<object> events)
    {
        var list = new List<Notice>();
        foreach (var e in events)
        {
            Notice? n = e switch
            {
                CaseReceived r => new(NoticeKind.Received, NoticeAudience.Applicant, When: r.Due),
                CaseSuspended { Reason: SuspensionReason.Supplement } s => new(NoticeKind.SupplementNeeded, NoticeAudience.Applicant, Step: s.Step, Reason: s.Note, Items: s.Items),
                CaseFinished f => new(NoticeKind.ResultReady, NoticeAudience.Applicant, When: f.At),
                ApologyIssued a => new(NoticeKind.Apology, NoticeAudience.Applicant, When: a.NewAppointment, Reason: a.Reason),
                CaseRefused r => new(NoticeKind.Refused, NoticeAudience.Applicant, Step: r.Step, Reason: r.Reason),
                CaseStopped s => new(NoticeKind.Stopped, NoticeAudience.Applicant, Step: s.Step, Reason: s.Reason),
                // a step one takes oneself needs no message; one the head gives does
                StepAssigned { Claimed: false } a when a.Assignee != a.By => new(NoticeKind.Assigned, NoticeAudience.Staff, Person: a.Assignee, Step: a.Step),
                CaseReturned r => new(NoticeKind.Returned, NoticeAudience.Staff, Step: r.ToStep, Reason: r.Reason),
                _ => null,
            };
            if (n is not null) list.Add(n);
        }
        return list;
    }
}

/// <summary>The shape of an e-mail address and of a phone number, as the desk and the organisation file give them.</summary>
public static class Contacts
{
    public static bool IsEmail(string text) =>
        text.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(text, out var a) && a.Address == text && a.Host.Contains('.', StringComparison.Ordinal);

    public static bool IsPhone(string text)
    {
        var digits = text.StartsWith('+') ? text[1..] : text;
        digits = digits.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        return digits.Length is >= 9 and <= 15 && digits.All(char.IsAsciiDigit);
    }
}
