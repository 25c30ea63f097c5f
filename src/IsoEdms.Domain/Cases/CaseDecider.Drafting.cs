
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

    private static string Existence(UnitRecord u) =>
        u.Ended is { } e ? $"ended on {e:yyyy-MM-dd}{(u.MergedInto.Count > 0 ? $" (merged into {string.Join(", ", u.MergedInto)})" : "")}" : $"exists only from {u.From:yyyy-MM-dd}";

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
            return new CaseResult([], new CaseError(ErrorKind.Invalid, $"{ex.Message}; publish that calendar year first"));
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

        public CaseResult Fail(ErrorKind kind, string message, string? field = null)
        {
            _error = new CaseError(kind, message, field);
            return Result();
        }

        /// <summary>A breach of the procedure: refused live; recorded and marked when importing as recorded.</summary>
        public bool Breach(string rule, string message, string? field = null, ErrorKind kind = ErrorKind.Invalid)
        {
            if (ctx.AsRecorded)
            {
                _events.Add(new ConformanceBreachRecorded(caseId, rule, message, by, at));
                return true;
            }
            _error = new CaseError(kind, message, field);
            return false;
        }

        public bool Person(out PersonRecord? person)
        {
            person = ctx.Org.Person(by);
            return person is not null || Breach("unknown-person", $"'{by}' is not a person of the organisation", kind: ErrorKind.Forbidden);
        }

        public bool Open(CaseState s, bool allowSuspended, bool allowFinished = false)
        {
            if (at < s.LastAt)
            {
                _error = new CaseError(ErrorKind.Invalid, $"{at:yyyy-MM-ddTHH:mm:ssK} is before the case's last action at {s.LastAt:yyyy-MM-ddTHH:mm:ssK}", "at");
                return false;
            }
            if (s.IsClosed || (s.Status == CaseStatus.Finished && !allowFinished) || (s.Status == CaseStatus.Suspended && !allowSuspended))
            {
                var hint = s.Status == CaseStatus.Suspended ? "; resume it first" : s.Status == CaseStatus.Finished ? "; only its hand-back step can be completed" : "";
                _error = new CaseError(ErrorKind.Conflict, $"case {s.Code} is {Describe(s.Status)}{hint}");
                return false;
            }
            return true;
        }

        public bool CurrentIs(CaseState s, string step)
        {
            if (s.Current?.Id == step) return true;
            _error = new CaseError(ErrorKind.Invalid, $"step '{step}' is not the current step of case {s.Code} (current: '{s.Current?.Id}')", "step");
            return false;
        }
    }
}
