using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;
using IsoEdms.Domain.Timeliness;

namespace IsoEdms.Domain.Cases;

/// <summary>Not found → 404, Conflict (state or version) → 409, Forbidden (role, unit, person) → 403, Invalid → 422.</summary>
public enum ErrorKind { NotFound, Conflict, Forbidden, Invalid }

public sealed record CaseError(ErrorKind Kind, string Message, string? Field = null);

/// <summary>
/// The events a decision produced, or why it was refused. A refusal can still carry events that must be recorded
/// (a second apology is refused and the attempt is kept, rule 18): <see cref="RecordEvenIfRefused"/>.
/// </summary>
public sealed record CaseResult(IReadOnlyList<object> Events, CaseError? Error, bool RecordEvenIfRefused = false)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Everything a decision reads besides the case: the pinned procedure version, the pinned calendar version and the
/// organisation. <see cref="AsRecorded"/>: an import stores breaches of the procedure as they happened and marks them
/// (<see cref="ConformanceBreachRecorded"/>) instead of refusing them.
/// </summary>
public sealed record CaseContext(ProcedureDefinition Definition, string ContentHash, WorkingCalendar Calendar, OrgSnapshot Org, bool AsRecorded = false)
{
    public IClassificationPolicy Policy => ClassificationPolicies.All.TryGetValue(Definition.ClassificationPolicy, out var p) ? p : ClassificationPolicies.Default;
}

/// <summary>A receipt to decide; <see cref="PersonalSalt"/>: random, made by the caller, under which the seal commits to the applicant's data.</summary>
public sealed record ReceiveCase(string Code, string ReceivingUnit, string? LeadUnit, Applicant Applicant, IReadOnlyList<string> Components, bool ReceivedInSystem = true,
    string? PersonalSalt = null);

/// <summary>The rules of the dossier lifecycle (domain.md rules 7-18) as pure functions: state + command + time + context in, events out.</summary>
public static class CaseDecider
{
    /// <summary>Roles that head a unit: they assign work and approve apologies.</summary>

    // ---- receive ------------------------------------------------------------------------------------------------

    public static CaseResult Receive(Guid caseId, ReceiveCase cmd, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, caseId, by, at);
        var def = ctx.Definition;
        var date = ctx.Calendar.LocalDate(at);
        if (string.IsNullOrWhiteSpace(cmd.Applicant?.Name)) return d.Fail(ErrorKind.Invalid, "the applicant's name is required", "applicant.name");
        if (ctx.Org.Unit(cmd.ReceivingUnit) is not { } receiving) return d.Fail(ErrorKind.Invalid, $"unknown unit '{cmd.ReceivingUnit}'", "receiving_unit");
        if (!receiving.ExistsOn(date)) return d.Fail(ErrorKind.Invalid, $"unit '{cmd.ReceivingUnit}' {Existence(receiving)} and cannot receive on {date:yyyy-MM-dd}", "receiving_unit");
        var lead = cmd.LeadUnit ?? DefaultLeadUnit(def, cmd.ReceivingUnit);
        if (ctx.Org.Unit(lead) is not { } leadUnit || !leadUnit.ExistsOn(date)) return d.Fail(ErrorKind.Invalid, $"unit '{lead}' does not exist on {date:yyyy-MM-dd}", "lead_unit");
        if (def.EffectiveFrom > date && !d.Breach("procedure-not-effective", $"{def.Code} v{def.Version} takes effect on {def.EffectiveFrom:yyyy-MM-dd}", "version")) return d.Result();

        var first = def.FirstStep;
        var firstUnit = UnitOf(first, cmd.ReceivingUnit);
        if (!d.Person(out var person)) return d.Result();
        var holds = person?.HoldsRole(firstUnit, first.Role, date) == true;
        if (!holds && !d.Breach("role", $"{by} is not a {first.Role} of {firstUnit} on {date:yyyy-MM-dd}", kind: ErrorKind.Forbidden)) return d.Result();

        var deadline = Deadlines.Compute(ctx.Calendar, at, def.TimeLimit, def.Cutoff);
        d.Opens(new CaseReceived(caseId, cmd.Code, def.Code, def.Version, ctx.ContentHash, def.Calendar, ctx.Calendar.Version,
            ctx.Policy.Name, def.SuspensionPolicy, def.TimeLimit.ToString(), cmd.ReceivingUnit, lead, cmd.Applicant!, cmd.Components ?? [],
            at, date, deadline.ClockStart, deadline.Due, deadline.DueDate, cmd.ReceivedInSystem, by, at) is var received && cmd.PersonalSalt is { } salt
            ? received with { PersonalSalt = salt, PersonalCommitment = Audit.PersonalData.Commit(salt, received) }
            : received);
        d.Add(Start(ctx, caseId, first, firstUnit, holds ? by : null, by, at, deadline.Due));
        return d.Result();
    });

    /// <summary>The deciding unit when the receipt does not name one: the unit of the first step that decides (has outcomes).</summary>
    public static string DefaultLeadUnit(ProcedureDefinition def, string receivingUnit) =>
        UnitOf(def.Steps.FirstOrDefault(s => s.Outcomes is { Count: > 0 }) ?? def.FirstStep, receivingUnit);

    public static string UnitOf(ProcedureStep step, string receivingUnit) => step.Unit == StepUnits.Receiving ? receivingUnit : step.Unit;

    // ---- claim / assign -----------------------------------------------------------------------------------------

    public static CaseResult Claim(CaseState s, string step, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.CurrentIs(s, step) || !d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (cur.Assignee == by) return d.Result();
        if (cur.Assignee is not null) return d.Fail(ErrorKind.Conflict, $"step '{step}' is already taken by {cur.Assignee}; the head of {cur.Unit} can reassign it");
        if (person?.HoldsRole(cur.Unit, cur.Role, d.Date) != true && !d.Breach("role", $"{by} is not a {cur.Role} of {cur.Unit} on {d.Date:yyyy-MM-dd}", kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new StepAssigned(s.Id, step, cur.Unit, by, true, by, at));
        return d.Result();
    });

    public static CaseResult Assign(CaseState s, string step, string assignee, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.CurrentIs(s, step) || !d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (!IsHead(ctx.Org, person, cur.Unit, d.Date) && !d.Breach("assign", $"only the head of {cur.Unit} assigns its work; {by} is not", kind: ErrorKind.Forbidden)) return d.Result();
        if (ctx.Org.Person(assignee) is not { } target || !target.HoldsRole(cur.Unit, cur.Role, d.Date))
            return d.Fail(ErrorKind.Invalid, $"'{assignee}' is not a {cur.Role} of {cur.Unit} on {d.Date:yyyy-MM-dd}", "person");
        if (cur.Assignee == assignee) return d.Result();
        d.Add(new StepAssigned(s.Id, step, cur.Unit, assignee, false, by, at));
        return d.Result();
    });

    // ---- complete -----------------------------------------------------------------------------------------------

    public static CaseResult Complete(CaseState s, string step, string? outcome, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        var def = ctx.Definition;
        if (!d.Open(s, allowSuspended: false, allowFinished: true) || !d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (cur.Id != step)
        {
            if (def.Step(step) is not { } named) return d.Fail(ErrorKind.Invalid, $"{def.Code} v{def.Version} has no step '{step}'", "step");
            if (!d.Breach("step-order", $"step '{step}' is not the current step (current: '{cur.Id}')", "step")) return d.Result();
            // as recorded: the named step ran instead of the current one
            var started = Start(ctx, s.Id, named, UnitOf(named, s.ReceivingUnit), null, by, at, s.Deadline.Due);
            d.Add(started);
            s = s.Apply(started);
            cur = s.Current!;
        }
        var stepDef = def.Step(cur.Id)!;
        string next;
        if (stepDef.Outcomes is { Count: > 0 } outcomes)
        {
            if (string.IsNullOrWhiteSpace(outcome)) return d.Fail(ErrorKind.Invalid, $"step '{cur.Id}' needs an outcome: {string.Join(" or ", outcomes.Keys.Order())}", "outcome");
            if (!outcomes.TryGetValue(outcome, out next!)) return d.Fail(ErrorKind.Invalid, $"'{outcome}' is not an outcome of step '{cur.Id}'; allowed: {string.Join(", ", outcomes.Keys.Order())}", "outcome");
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(outcome)) return d.Fail(ErrorKind.Invalid, $"step '{cur.Id}' has no outcomes; leave 'outcome' out", "outcome");
            next = stepDef.End ? "delivered" : stepDef.Next!;
        }
        if (person?.HoldsRole(cur.Unit, cur.Role, d.Date) != true && !d.Breach("role", $"{by} is not a {cur.Role} of {cur.Unit} on {d.Date:yyyy-MM-dd}", kind: ErrorKind.Forbidden)) return d.Result();
        if (cur.Assignee is not null && cur.Assignee != by && !d.Breach("assignee", $"step '{cur.Id}' is assigned to {cur.Assignee}; the head of {cur.Unit} can reassign it", kind: ErrorKind.Forbidden)) return d.Result();

        var cal = ctx.Calendar;
        var used = cal.WorkingTimeBetween(cur.StartedAt, at);
        var budget = TimeSpan.FromMinutes((double)(cur.BudgetHours * 60));
        d.Add(new StepCompleted(s.Id, s.Code, s.Procedure, cur.Id, cur.Unit, cur.Role, string.IsNullOrWhiteSpace(outcome) ? null : outcome, next,
            cur.BudgetHours, cur.StartedAt, cur.Due, d.Date, (int)used.TotalMinutes, ctx.Policy.ClassifyStep(cal, at, cur.Due, budget), ctx.Policy.Name, by, at));

        var deadline = s.Deadline;
        if (cur.StopsClock && used > TimeSpan.Zero)
        {
            var due = cal.AddWorkingTime(deadline.Due, used);
            d.Add(new CaseDueMoved(s.Id, cur.Id, (int)used.TotalMinutes, deadline.Due, due, cal.LocalDate(due), by, at));
            deadline = deadline with { Due = due, DueDate = cal.LocalDate(due) };
        }
        if (stepDef.End)
        {
            d.Add(new CaseDelivered(s.Id, s.Code, cur.Unit, by, at));
            return d.Result();
        }
        if (next == Outcomes.Refuse)
        {
            d.Add(new CaseRefused(s.Id, s.Code, s.Procedure, s.LeadUnit, cur.Id, cur.Unit, $"outcome '{outcome}' of step '{cur.Id}'", d.Date, by, at));
            return d.Result();
        }
        var nextDef = def.Step(next)!;
        d.Add(Start(ctx, s.Id, nextDef, UnitOf(nextDef, s.ReceivingUnit), null, by, at, deadline.Due));
        if (nextDef.End)
        {
            var appointment = s.Apology?.NewAppointment;
            d.Add(new CaseFinished(s.Id, s.Code, s.Procedure, s.ProcedureVersion, s.ReceivingUnit, s.LeadUnit, s.ReceivedAt, deadline.Due, deadline.DueDate,
                cal.LocalDate(at), ctx.Policy.ClassifyCase(cal, at, deadline.DueDate), ctx.Policy.Name,
                appointment, appointment is { } ap && cal.LocalDate(at) > cal.LocalDate(ap), by, at));
        }
        return d.Result();
    });

    // ---- return / transfer --------------------------------------------------------------------------------------

    public static CaseResult Return(CaseState s, string toStep, string reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: false) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, "say why the dossier goes back", "reason");
        var cur = s.Current!;
        if (toStep == cur.Id || !s.Visited.Contains(toStep) || ctx.Definition.Step(toStep) is not { } target)
            return d.Fail(ErrorKind.Invalid, $"'{toStep}' is not an earlier step of this case (earlier steps: {string.Join(", ", s.Visited.Where(v => v != cur.Id).Distinct())})", "to_step");
        if (person?.HoldsRole(cur.Unit, cur.Role, d.Date) != true && !d.Breach("role", $"{by} is not a {cur.Role} of {cur.Unit} on {d.Date:yyyy-MM-dd}", kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseReturned(s.Id, cur.Id, toStep, cur.Unit, reason, by, at));
        d.Add(Start(ctx, s.Id, target, UnitOf(target, s.ReceivingUnit), null, by, at, s.Deadline.Due));
        return d.Result();
    });

    public static CaseResult Transfer(CaseState s, string toUnit, string? reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: false) || !d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (ctx.Org.Unit(toUnit) is not { } unit) return d.Fail(ErrorKind.Invalid, $"unknown unit '{toUnit}'", "to_unit");
        if (!unit.ExistsOn(d.Date)) return d.Fail(ErrorKind.Invalid, $"unit '{toUnit}' {Existence(unit)}", "to_unit");
        if (toUnit == cur.Unit) return d.Fail(ErrorKind.Invalid, $"step '{cur.Id}' is already with {toUnit}", "to_unit");
        var allowed = person?.HoldsRole(cur.Unit, cur.Role, d.Date) == true || IsHead(ctx.Org, person, cur.Unit, d.Date);
        if (!allowed && !d.Breach("role", $"{by} is neither a {cur.Role} nor the head of {cur.Unit} on {d.Date:yyyy-MM-dd}", kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseTransferred(s.Id, cur.Id, cur.Unit, toUnit, string.IsNullOrWhiteSpace(reason) ? null : reason, by, at));
        return d.Result();
    });

    // ---- suspend / resume ---------------------------------------------------------------------------------------

    public static CaseResult Suspend(CaseState s, SuspensionReason reason, IReadOnlyList<string>? items, string? note, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (s.Status == CaseStatus.Suspended) return d.Fail(ErrorKind.Conflict, $"the case is already suspended since {s.Suspension!.Since:yyyy-MM-dd HH:mm}Z");
        if (!d.Open(s, allowSuspended: false) || !d.Person(out var person)) return d.Result();
        var list = (items ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        if (list.Count == 0 && string.IsNullOrWhiteSpace(note))
            return d.Fail(ErrorKind.Invalid, reason == SuspensionReason.Supplement
                ? "a supplement request (form 02) must list what the applicant has to add" : "say what the case waits for", reason == SuspensionReason.Supplement ? "items" : "note");
        var cur = s.Current!;
        if (!MayActForCase(ctx.Org, person, s, d.Date) && !d.Breach("role", $"{by} holds neither the current step ({cur.Role} of {cur.Unit}) nor the reception of {s.ReceivingUnit}", kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseSuspended(s.Id, reason, cur.Id, cur.Unit, list, string.IsNullOrWhiteSpace(note) ? null : note, s.Deadline.Due, by, at, d.Date));
        return d.Result();
    });

    public static CaseResult Resume(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (s.Status != CaseStatus.Suspended) return d.Fail(ErrorKind.Conflict, $"the case is not suspended (status: {Describe(s.Status)})");
        if (!d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (!MayActForCase(ctx.Org, person, s, d.Date) && !d.Breach("role", $"{by} holds neither the current step ({cur.Role} of {cur.Unit}) nor the reception of {s.ReceivingUnit}", kind: ErrorKind.Forbidden)) return d.Result();
        var def = ctx.Definition;
        var cal = ctx.Calendar;
        var since = s.Suspension!.Since;
        var paused = cal.WorkingTimeBetween(since, at);
        var deadline = Deadlines.AfterSuspension(cal, s.Deadline, def.TimeLimit, def.SuspensionPolicy, since, at, def.Cutoff);
        var stepDue = CappedAt(def.SuspensionPolicy == SuspensionPolicy.Pause
            ? cal.AddWorkingTime(cur.Due, paused)
            : cal.AddWorkingTime(deadline.ClockStart, TimeSpan.FromMinutes((double)(cur.BudgetHours * 60))), deadline.Due, cur.StopsClock);
        d.Add(new CaseResumed(s.Id, s.Suspension.Reason, def.SuspensionPolicy, since, (int)paused.TotalMinutes, s.Deadline.Due,
            deadline.ClockStart, deadline.Due, deadline.DueDate, cur.Id, stepDue, cal.LocalDate(stepDue), by, at, d.Date));
        return d.Result();
    });

    // ---- calendar revisions (rule 24) -----------------------------------------------------------------------------

    /// <summary>
    /// An open case follows a newly published calendar version <paramref name="inForce"/> (a revised or a new year). The
    /// working time each due instant still had at <paramref name="at"/> on the pinned calendar (<see cref="CaseContext.Calendar"/>)
    /// is counted again on the new one from that moment, so the days the revision changes move the instant and nothing
    /// recorded before is recomputed; a due instant already passed stays as it is (the lateness is a fact). A limit in
    /// calendar days keeps its date unless the revision makes it a day off (then the next working day's end).
    /// Finished and closed cases never follow.
    /// </summary>
    public static IReadOnlyList<object> FollowCalendar(CaseState s, CaseContext ctx, WorkingCalendar inForce, string by, DateTimeOffset at)
    {
        if (s.IsClosed || s.Status == CaseStatus.Finished || inForce.Version <= s.CalendarVersion || s.Calendar != ctx.Definition.Calendar) return [];
        var pinned = ctx.Calendar;
        DateTimeOffset Follow(DateTimeOffset due, DateTimeOffset from, bool calendarDays)
        {
            if (due <= at) return due;
            if (calendarDays) return inForce.EndOfWorkingDate(pinned.LocalDate(due));
            var start = from > at ? from : at;
            return inForce.AddWorkingTime(start, pinned.WorkingTimeBetween(start, due));
        }
        var kind = ctx.Definition.TimeLimit.Kind;
        var due = Follow(s.Deadline.Due, s.Deadline.ClockStart, kind is TimeLimitKind.CalendarDays or TimeLimitKind.SameDay);
        DateTimeOffset? stepDue = null;
        if (s.Current is { BudgetHours: > 0 } cur)
        {
            var followed = Follow(cur.Due, cur.StartedAt, calendarDays: false);
            stepDue = CappedAt(followed, due, cur.StopsClock);
        }
        else if (s.Current is { } zero) stepDue = zero.Due;
        return [new CaseCalendarFollowed(s.Id, s.Calendar, s.CalendarVersion, inForce.Version, s.Deadline.Due, due, inForce.LocalDate(due),
            s.Current?.Id, s.Current?.Due, stepDue, stepDue is { } sd ? inForce.LocalDate(sd) : null, by, at)];
    }

    // ---- apology ------------------------------------------------------------------------------------------------

    public static CaseResult Apologise(CaseState s, string reason, DateTimeOffset newAppointment, string approvedBy, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, "form 04 must give the reason for the delay", "reason");
        var cur = s.Current!;
        var unit = person?.WorksIn(cur.Unit, d.Date) == true ? cur.Unit : s.LeadUnit;
        if (person?.WorksIn(cur.Unit, d.Date) != true && person?.WorksIn(s.LeadUnit, d.Date) != true && person?.WorksIn(s.ReceivingUnit, d.Date) != true
            && !d.Breach("unit", $"{by} works neither in {cur.Unit}, {s.LeadUnit} nor {s.ReceivingUnit}", kind: ErrorKind.Forbidden)) return d.Result();
        if (s.Apology is { } earlier)
        {
            if (ctx.AsRecorded)
                d.Breach("apology-repeated", $"the appointment was already reset on {earlier.At:yyyy-MM-dd} to {earlier.NewAppointment:yyyy-MM-dd}; it may be reset at most once");
            else
                return new CaseResult([new ApologyRepeatRefused(s.Id, unit, reason, newAppointment, by, at)],
                    new CaseError(ErrorKind.Invalid, $"the appointment was already reset once (on {ctx.Calendar.LocalDate(earlier.At):yyyy-MM-dd}, to {ctx.Calendar.LocalDate(earlier.NewAppointment):yyyy-MM-dd}); it may be reset at most once — the attempt is recorded"),
                    RecordEvenIfRefused: true);
        }
        if (newAppointment <= s.Deadline.Due)
            return d.Fail(ErrorKind.Invalid, $"the new appointment must be after the due instant {s.Deadline.Due:yyyy-MM-ddTHH:mm}Z", "new_due");
        var approver = ctx.Org.Person(approvedBy);
        var approved = approver is not null && (IsHead(ctx.Org, approver, s.LeadUnit, d.Date) || IsHead(ctx.Org, approver, cur.Unit, d.Date));
        if (!approved && !d.Breach("apology-approval", $"'{approvedBy}' is not the head of {s.LeadUnit} or {cur.Unit} on {d.Date:yyyy-MM-dd}", "approved_by")) return d.Result();
        var latest = ctx.Calendar.PreviousWorkingDay(s.Deadline.DueDate);
        d.Add(new ApologyIssued(s.Id, unit, reason, newAppointment, approvedBy, s.Deadline.Due, s.Deadline.DueDate, latest, d.Date > latest, by, at));
        return d.Result();
    });

    // ---- refuse / stop ------------------------------------------------------------------------------------------

    public static CaseResult Refuse(CaseState s, string reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, "form 03 must give the reason for refusing", "reason");
        var cur = s.Current!;
        var allowed = person?.HoldsRole(cur.Unit, cur.Role, d.Date) == true || IsHead(ctx.Org, person, cur.Unit, d.Date) || IsHead(ctx.Org, person, s.LeadUnit, d.Date);
        if (!allowed && !d.Breach("role", $"{by} is neither a {cur.Role} nor the head of {cur.Unit} or {s.LeadUnit}", kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseRefused(s.Id, s.Code, s.Procedure, s.LeadUnit, cur.Id, cur.Unit, reason, d.Date, by, at));
        return d.Result();
    });

    public static CaseResult Stop(CaseState s, string reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, "form 05 must give the reason for stopping", "reason");
        var cur = s.Current!;
        var allowed = MayActForCase(ctx.Org, person, s, d.Date) || IsHead(ctx.Org, person, cur.Unit, d.Date) || IsHead(ctx.Org, person, s.LeadUnit, d.Date);
        if (!allowed && !d.Breach("role", $"{by} holds neither the current step, the reception of {s.ReceivingUnit}, nor heads {cur.Unit}", kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseStopped(s.Id, s.Code, s.Procedure, s.LeadUnit, cur.Id, cur.Unit, reason, d.Date, by, at));
        return d.Result();
    });

    // ---- deadline sweep / rating ---------------------------------------------------------------------------------

    /// <summary>
    /// What the deadline sweep records at <paramref name="now"/>: the current step past its due instant (rule 14), the
    /// case past its due date (rule 12: judged by date, as its classification is, so a case due at 09:15 and finished at
    /// 16:00 that day is on time and never overdue), with whether an apology came in time. Each once; nothing while the
    /// clock is stopped (suspended, or inside a step that stops it: rule 10) or after finishing.
    /// The sweep's own time goes into <c>At</c>, the business time of detection.
    /// </summary>
    public static IReadOnlyList<object> Sweep(CaseState s, CaseContext ctx, DateTimeOffset now, string by)
    {
        if (s.Status != CaseStatus.InProgress || s.Current is not { } cur || cur.StopsClock) return [];
        var events = new List<object>();
        if (cur.BudgetHours > 0 && now > cur.Due && s.StepOverdueFor != cur.StartedAt)
            events.Add(new StepOverdue(s.Id, s.Code, cur.Id, cur.Unit, cur.Assignee, cur.StartedAt, cur.Due, by, now));
        if (ctx.Calendar.LocalDate(now) > s.Deadline.DueDate && !s.CaseOverdueRecorded)
        {
            var latest = ctx.Calendar.PreviousWorkingDay(s.Deadline.DueDate);
            events.Add(new CaseOverdue(s.Id, s.Code, s.LeadUnit, s.Deadline.Due, s.Deadline.DueDate, latest, s.Apology is { Late: false }, by, now));
        }
        return events;
    }

    public static CaseResult Rate(CaseState s, string template, int version, IReadOnlyDictionary<string, int> scores, IReadOnlyList<string> criteria,
        int scaleMax, decimal threshold, string? comment, CaseContext ctx, string by, DateTimeOffset at)
    {
        if (s.Rated) return new CaseResult([], new CaseError(ErrorKind.Conflict, $"case {s.Code} has already been rated; a case is rated once"));
        if (s.Status is not (CaseStatus.Finished or CaseStatus.Delivered or CaseStatus.Refused or CaseStatus.Stopped))
            return new CaseResult([], new CaseError(ErrorKind.Conflict, $"case {s.Code} is {Describe(s.Status)}: it can be rated once its result is ready"));
        var missing = criteria.Where(c => !scores.ContainsKey(c)).ToList();
        if (missing.Count > 0) return new CaseResult([], new CaseError(ErrorKind.Invalid, $"no score for {string.Join(", ", missing)}", "scores"));
        var unknown = scores.Keys.Where(k => !criteria.Contains(k)).ToList();
        if (unknown.Count > 0) return new CaseResult([], new CaseError(ErrorKind.Invalid, $"{template} v{version} has no criterion {string.Join(", ", unknown)}", "scores"));
        if (scores.FirstOrDefault(kv => kv.Value < 1 || kv.Value > scaleMax) is { Key: not null } bad)
            return new CaseResult([], new CaseError(ErrorKind.Invalid, $"'{bad.Key}': {bad.Value} is outside the scale 1-{scaleMax}", "scores"));
        var average = Math.Round((decimal)scores.Values.Average(), 2);
        return new CaseResult([new CaseRated(s.Id, s.Code, s.LeadUnit, template, version, scores, average, scaleMax, threshold, average < threshold, comment,
            ctx.Calendar.LocalDate(at), by, at)], null);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

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
        CaseStatus.Suspended => "suspended",
        CaseStatus.Finished => "finished (result at the desk)",
        CaseStatus.Delivered => "delivered",
        CaseStatus.Refused => "refused",
        _ => "stopped",
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
