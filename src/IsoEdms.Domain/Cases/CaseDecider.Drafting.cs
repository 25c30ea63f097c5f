
namespace IsoEdms.Domain.Cases;

/// <summary>What every decision shares: a step's start, the checks of who may act, and the draft that collects events.</summary>
public static partial class CaseDecider
{
    /// <summary>
    /// A step starts with its budget, but its due instant never lies after the case's (rule 8): in a same-day procedure
    /// received late in the day, the steps share what is left of the day. A step that stops the clock is not capped: its
    /// time moves the case's due instant instead.
    /// </summary>
    private static StepStarted Start(CaseContext ctx, Guid caseId, ProcedureStep step, string unit, string? assignee, string by, DateTimeOffset at, DateTimeOffset caseDue)
    {
        var due = step.BudgetHours <= 0 ? at.ToUniversalTime() : CappedAt(ctx.Calendar.AddWorkingTime(at, step.Budget), caseDue, step.StopsClock);
        return new StepStarted(caseId, step.Id, unit, step.Role, assignee, step.BudgetHours, ctx.Calendar.LocalDate(at), due, ctx.Calendar.LocalDate(due), step.StopsClock, by, at);
    }

    private static DateTimeOffset CappedAt(DateTimeOffset stepDue, DateTimeOffset caseDue, bool stopsClock) =>
        stopsClock || stepDue <= caseDue ? stepDue : caseDue;

    /// <summary>A role of the person in the unit grants <see cref="Grants.UnitHead"/> (rule 25: whatever the organisation calls it).</summary>
    private static bool IsHead(OrgSnapshot org, PersonRecord? p, string unit, DateOnly date) => org.HoldsGrant(p, unit, Grants.UnitHead, date);

    /// <summary>The holder of the current step's role, or the one-stop desk that received the case.</summary>
    private static bool MayActForCase(OrgSnapshot org, PersonRecord? p, CaseState s, DateOnly date) =>
        p is not null && (p.HoldsRole(s.Current!.Unit, s.Current.Role, date) || org.HoldsGrant(p, s.ReceivingUnit, Grants.OneStopDesk, date));

    /// <summary>Why a unit cannot act on a day: it ended (and where it went), or it does not exist yet.</summary>
    private static Said UnitAbsent(UnitRecord u, string code, DateOnly date) =>
        u.Ended is { } e
            ? u.MergedInto.Count > 0
                ? Say.It("unit_ended_merged", $"unit '{code:unit}' ended on {e:date} (merged into {u.MergedInto:units}) and cannot act on {date:date}")
                : Say.It("unit_ended", $"unit '{code:unit}' ended on {e:date} and cannot act on {date:date}")
            : Say.It("unit_not_yet", $"unit '{code:unit}' exists only from {u.From!.Value:date} and cannot act on {date:date}");

    public static string Describe(CaseStatus s) => s switch
    {
        CaseStatus.InProgress => "in progress",
        CaseStatus.Finished => "finished (result at the desk)",
        _ => CaseStatuses.Of(s),
    };

    private static CaseResult Guard(CaseContext ctx, Func<CaseResult> decide)
    {
        try { return decide(); }
        catch (CalendarCoverageException ex)
        {
            return new CaseResult([], new CaseError(ErrorKind.Invalid, Say.It("calendar_not_published", $"{ex.Message:text}; publish that calendar year first")));
        }
    }

    /// <summary>Collects the events of one decision and stops at the first refusal.</summary>
    private sealed class Draft(CaseContext ctx, Guid caseId, string by, DateTimeOffset at)
    {
        private readonly List<object> _events = [];
        private CaseError? _error;
        public DateOnly Date { get; } = ctx.Calendar.LocalDate(at);

        public void Add(object e) => _events.Add(e);

        /// <summary>The receipt opens the case's stream: breaches recorded while deciding it follow it.</summary>
        public void Opens(object first) => _events.Insert(0, first);
        public CaseResult Result() => _error is null ? new CaseResult(_events, null) : new CaseResult([], _error);

        public IReadOnlyList<object> Events => _events;

        public CaseResult Fail(ErrorKind kind, Said said, string? field = null)
        {
            _error = new CaseError(kind, said, field);
            return Result();
        }

        /// <summary>A breach of the procedure: refused live; recorded and marked when importing as recorded.</summary>
        public bool Breach(string rule, Said said, string? field = null, ErrorKind kind = ErrorKind.Invalid)
        {
            if (ctx.AsRecorded)
            {
                _events.Add(new ConformanceBreachRecorded(caseId, rule, said.English, by, at));
                return true;
            }
            _error = new CaseError(kind, said, field);
            return false;
        }

        public bool Person(out PersonRecord? person)
        {
            person = ctx.Org.Person(by);
            return person is not null || Breach("unknown-person", Say.It("unknown_person", $"'{by:person}' is not a person of the organisation"), kind: ErrorKind.Forbidden);
        }

        public bool Open(CaseState s, bool allowSuspended, bool allowFinished = false)
        {
            if (at < s.LastAt)
            {
                _error = new CaseError(ErrorKind.Invalid, Say.It("before_last_action", $"{at:instant} is before the case's last action at {s.LastAt:instant}"), "at");
                return false;
            }
            if (s.IsClosed || (s.Status == CaseStatus.Finished && !allowFinished) || (s.Status == CaseStatus.Suspended && !allowSuspended))
            {
                _error = new CaseError(ErrorKind.Conflict, s.Status switch
                {
                    CaseStatus.Suspended => Say.It("case_suspended", $"case {s.Code:code} is {Describe(s.Status):status}; resume it first"),
                    CaseStatus.Finished => Say.It("case_finished", $"case {s.Code:code} is {Describe(s.Status):status}; only its hand-back step can be completed"),
                    _ => Say.It("case_closed", $"case {s.Code:code} is {Describe(s.Status):status}"),
                });
                return false;
            }
            return true;
        }

        public bool CurrentIs(CaseState s, string step)
        {
            if (s.Current?.Id == step) return true;
            _error = new CaseError(ErrorKind.Invalid, Say.It("not_current_step", $"step '{step:step}' is not the current step of case {s.Code:code} (current: '{s.Current?.Id:step}')"), "step");
            return false;
        }
    }
}
