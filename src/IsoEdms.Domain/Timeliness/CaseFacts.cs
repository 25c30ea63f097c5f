
namespace IsoEdms.Domain.Timeliness;

/// <summary>One step of a case as the statistics see it: who held it, when it ran, how it ended.</summary>
public sealed class StepFact
{
    public string Step { get; set; } = "";
    public string Unit { get; set; } = "";
    public string? Person { get; set; }
    public DateOnly StartedDate { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? EndedDate { get; set; }
    /// <summary>completed | returned | refused | stopped</summary>
    public string? Ending { get; set; }
    public string? Classification { get; set; }
    public int UsedMinutes { get; set; }
    public int BudgetMinutes { get; set; }
    /// <summary>The step's due instant (when it runs late).</summary>
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Who held the step when it ran late, kept when the step changes hands after its due instant (rule 14).</summary>
    public StepHolder? HeldWhenLate { get; set; }
    public bool Open => EndedDate is null;

    /// <summary>Before the step changes hands at <paramref name="at"/>: past its due instant, the holder who let it run late is kept.</summary>
    public void HandOver(DateTimeOffset at)
    {
        if (at > DueAt && HeldWhenLate is null) HeldWhenLate = new StepHolder { Unit = Unit, Person = Person };
    }
}

/// <summary>Days on which a case's clock stood still: [From, Until), Until null while it still stands; Step names the step that stops the clock, null for a suspension.</summary>
public sealed class ClockStop
{
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }
    public string? Step { get; set; }
}

public sealed class StepHolder
{
    public string Unit { get; set; } = "";
    public string? Person { get; set; }
}

/// <summary>
/// What the timeliness statistics need of one case, folded from its events only (never the clock): the lead unit, the
/// procedure, the dates, the outcome and every step with a budget. Zero-budget steps are not classified (rule 14).
/// </summary>
public sealed class CaseFact
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Procedure { get; set; } = "";
    public string LeadUnit { get; set; } = "";
    public string ReceivingUnit { get; set; } = "";
    public DateOnly ReceivedDate { get; set; }
    public DateOnly DueDate { get; set; }
    /// <summary>finished | refused | stopped, or null while in progress</summary>
    public string? Outcome { get; set; }
    public string? Classification { get; set; }
    public DateOnly? ClosedDate { get; set; }
    public List<StepFact> Steps { get; set; } = [];
    public decimal? Rating { get; set; }
    public bool RatingLow { get; set; }
    public DateOnly? RatedDate { get; set; }
    /// <summary>Every unit the case touched (receiving, lead, each step's): a report for one unit reads only these cases.</summary>
    public List<string> Units { get; set; } = [];

    /// <summary>
    /// The local dates on which the case's clock stood still, each [From, Until): suspended (until resumed) or inside a
    /// step that stops the clock (until that step ends). A case is not overdue on a day its clock stood still (rule 10).
    /// </summary>
    public List<ClockStop> Stops { get; set; } = [];

    private void Touch(string unit) { if (!Units.Contains(unit)) Units.Add(unit); }

    public static CaseFact Create(CaseReceived e) => new()
    {
        Id = e.CaseId, Code = e.Code, Procedure = e.Procedure, LeadUnit = e.LeadUnit, ReceivingUnit = e.ReceivingUnit,
        ReceivedDate = e.ReceivedDate, DueDate = e.DueDate, Units = e.LeadUnit == e.ReceivingUnit ? [e.LeadUnit] : [e.ReceivingUnit, e.LeadUnit],
    };

    private StepFact? OpenStep => Steps.LastOrDefault(s => s.Open);

    /// <summary>
    /// The one fold of the statistics: a case's fact after one more of its events (a receipt starts it; the events the
    /// statistics do not read leave it as it is, and so does any event before the receipt).
    /// </summary>
    public static CaseFact? Evolve(CaseFact? fact, object e)
    {
        if (e is CaseReceived r) return Create(r);
        if (fact is null) return null;
        switch (e)
        {
            case StepStarted x: fact.Apply(x); break;
            case StepAssigned x: fact.Apply(x); break;
            case CaseTransferred x: fact.Apply(x); break;
            case StepCompleted x: fact.Apply(x); break;
            case CaseSuspended x: fact.Apply(x); break;
            case CaseResumed x: fact.Apply(x); break;
            case CaseDueMoved x: fact.Apply(x); break;
            case CaseCalendarFollowed x: fact.Apply(x); break;
            case CaseFinished x: fact.Apply(x); break;
            case CaseRefused x: fact.Apply(x); break;
            case CaseStopped x: fact.Apply(x); break;
            case CaseRated x: fact.Apply(x); break;
        }
        return fact;
    }

    /// <summary>The event types <see cref="Evolve"/> reads.</summary>
    public static readonly Type[] EventTypes =
    [
        typeof(CaseReceived), typeof(StepStarted), typeof(StepAssigned), typeof(CaseTransferred), typeof(StepCompleted), typeof(CaseSuspended),
        typeof(CaseResumed), typeof(CaseDueMoved), typeof(CaseCalendarFollowed), typeof(CaseFinished), typeof(CaseRefused), typeof(CaseStopped), typeof(CaseRated),
    ];

    public void Apply(StepStarted e)
    {
        End(e.Date, Endings.Returned);   // a step left open when another starts was sent back
        Touch(e.Unit);
        EndStop(e.Date, suspension: false);
        if (e.StopsClock) Stops.Add(new ClockStop { From = e.Date, Step = e.Step });
        if (e.BudgetHours <= 0) return;
        Steps.Add(new StepFact
        {
            Step = e.Step, Unit = e.Unit, Person = e.Assignee, StartedDate = e.Date, DueDate = e.DueDate, BudgetMinutes = (int)(e.BudgetHours * 60),
            DueAt = e.Due,
        });
    }

    public void Apply(StepAssigned e) { if (OpenStep is { } s && s.Step == e.Step) { s.HandOver(e.At); s.Person = e.Assignee; } }

    public void Apply(CaseTransferred e)
    {
        Touch(e.ToUnit);
        if (OpenStep is { } s && s.Step == e.Step) { s.HandOver(e.At); s.Unit = e.ToUnit; s.Person = null; }
    }

    /// <summary>
    /// A step completed in time counts for whoever completed it, in the unit it was completed in; a late step for the
    /// unit and person that held it when it ran late (rule 14): the holder at its due instant if it changed hands since
    /// (no person if it was unassigned then), else its assignee, else whoever completed it.
    /// </summary>
    public void Apply(StepCompleted e)
    {
        Touch(e.Unit);
        EndStop(e.Date, suspension: false);
        if (OpenStep is not { } s || s.Step != e.Step) return;
        s.EndedDate = e.Date; s.Ending = Endings.Completed;
        s.UsedMinutes = e.WorkingMinutesUsed;
        s.Classification = e.Classification is { } c ? Classifications.Of(c) : null;
        if (e.Classification == Timeliness.Late)
            (s.Unit, s.Person) = s.HeldWhenLate is { } h ? (h.Unit, h.Person) : (s.Unit, s.Person ?? e.By);
        else
            (s.Unit, s.Person) = (e.Unit, e.By);
    }

    public void Apply(CaseSuspended e) => Stops.Add(new ClockStop { From = e.Date ?? LocalDateOfOldEvent(e.At) });

    public void Apply(CaseResumed e)
    {
        EndStop(e.Date ?? LocalDateOfOldEvent(e.At), suspension: true);
        DueDate = e.DueDate;
        if (OpenStep is { } s && s.Step == e.Step) s.DueDate = e.StepDueDate;
    }

    public void Apply(CaseDueMoved e) => DueDate = e.DueDate;

    /// <summary>Rule 24: reports use the due dates of the calendar in force.</summary>
    public void Apply(CaseCalendarFollowed e)
    {
        DueDate = e.DueDate;
        if (OpenStep is { } s && s.Step == e.Step && e.StepDueDate is { } stepDueDate && e.StepDue is { } stepDue) { s.DueDate = stepDueDate; s.DueAt = stepDue; }
    }

    public void Apply(CaseFinished e) { EndStops(e.FinishedDate); Outcome = Endings.Finished; Classification = Classifications.Of(e.Classification); ClosedDate = e.FinishedDate; DueDate = e.DueDate; }

    public void Apply(CaseRefused e) { EndStops(e.Date); Outcome = Endings.Refused; ClosedDate = e.Date; End(e.Date, Endings.Refused); }

    public void Apply(CaseStopped e) { EndStops(e.Date); Outcome = Endings.Stopped; ClosedDate = e.Date; End(e.Date, Endings.Stopped); }

    public void Apply(CaseRated e) { Rating = e.Average; RatingLow = e.Low; RatedDate = e.Date; }

    private void EndStops(DateOnly date) { foreach (var s in Stops.Where(s => s.Until is null)) s.Until = date; }

    private void EndStop(DateOnly date, bool suspension)
    {
        if (Stops.LastOrDefault(s => s.Until is null && (s.Step is null) == suspension) is { } open) open.Until = date;
    }

    /// <summary>
    /// Suspensions and resumptions stored before they carried their local date: every calendar published so far keeps
    /// Vietnam's time (UTC+7, no daylight saving), so the date is the instant's date there.
    /// </summary>
    private static DateOnly LocalDateOfOldEvent(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime.AddHours(7));

    private void End(DateOnly date, string ending)
    {
        if (OpenStep is not { } s) return;
        s.EndedDate = date;
        s.Ending = ending;
    }
}
