
namespace IsoEdms.Domain.Cases;

/// <summary>The detours of a dossier: returns and transfers, suspensions, calendar revisions, apologies, refusals and stops,
/// the deadline sweep and the citizen's rating.</summary>
public static partial class CaseDecider
{
    // ---- return / transfer --------------------------------------------------------------------------------------

    public static CaseResult Return(CaseState s, string toStep, string reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: false) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, Say.It("return_reason_missing", $"say why the dossier goes back"), "reason");
        var cur = s.Current!;
        if (toStep == cur.Id || !s.Visited.Contains(toStep) || ctx.Definition.Step(toStep) is not { } target)
            return d.Fail(ErrorKind.Invalid, Say.It("not_earlier_step", $"'{toStep:step}' is not an earlier step of this case (earlier steps: {s.Visited.Where(v => v != cur.Id).Distinct():steps})"), "to_step");
        if (person?.HoldsRole(cur.Unit, cur.Role, d.Date) != true && !d.Breach("role", Say.It("not_role_holder", $"{by:person} is not a {cur.Role:role} of {cur.Unit:unit} on {d.Date:date}"), kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseReturned(s.Id, cur.Id, toStep, cur.Unit, reason, by, at));
        d.Add(Start(ctx, s.Id, target, UnitOf(target, s.ReceivingUnit), null, by, at, s.Deadline.Due));
        return d.Result();
    });

    public static CaseResult Transfer(CaseState s, string toUnit, string? reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: false) || !d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (ctx.Org.Unit(toUnit) is not { } unit) return d.Fail(ErrorKind.Invalid, Say.It("unknown_unit", $"unknown unit '{toUnit:unit}'"), "to_unit");
        if (!unit.ExistsOn(d.Date)) return d.Fail(ErrorKind.Invalid, UnitAbsent(unit, toUnit, d.Date), "to_unit");
        if (toUnit == cur.Unit) return d.Fail(ErrorKind.Invalid, Say.It("already_with_unit", $"step '{cur.Id:step}' is already with {toUnit:unit}"), "to_unit");
        var allowed = person?.HoldsRole(cur.Unit, cur.Role, d.Date) == true || IsHead(ctx.Org, person, cur.Unit, d.Date);
        if (!allowed && !d.Breach("role", Say.It("neither_role_nor_head", $"{by:person} is neither a {cur.Role:role} nor the head of {cur.Unit:unit} on {d.Date:date}"), kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseTransferred(s.Id, cur.Id, cur.Unit, toUnit, string.IsNullOrWhiteSpace(reason) ? null : reason, by, at));
        return d.Result();
    });

    // ---- suspend / resume ---------------------------------------------------------------------------------------

    public static CaseResult Suspend(CaseState s, SuspensionReason reason, IReadOnlyList<string>? items, string? note, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (s.Status == CaseStatus.Suspended) return d.Fail(ErrorKind.Conflict, Say.It("already_suspended", $"the case is already suspended since {s.Suspension!.Since:instant}"));
        if (!d.Open(s, allowSuspended: false) || !d.Person(out var person)) return d.Result();
        var list = (items ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        if (list.Count == 0 && string.IsNullOrWhiteSpace(note))
            return reason == SuspensionReason.Supplement
                ? d.Fail(ErrorKind.Invalid, Say.It("supplement_items_missing", $"a supplement request (form 02) must list what the applicant has to add"), "items")
                : d.Fail(ErrorKind.Invalid, Say.It("suspension_note_missing", $"say what the case waits for"), "note");
        var cur = s.Current!;
        if (!MayActForCase(ctx.Org, person, s, d.Date) && !d.Breach("role", Say.It("neither_step_nor_desk", $"{by:person} holds neither the current step ({cur.Role:role} of {cur.Unit:unit}) nor the reception of {s.ReceivingUnit:unit}"), kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseSuspended(s.Id, reason, cur.Id, cur.Unit, list, string.IsNullOrWhiteSpace(note) ? null : note, s.Deadline.Due, by, at, d.Date));
        return d.Result();
    });

    public static CaseResult Resume(CaseState s, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (s.Status != CaseStatus.Suspended) return d.Fail(ErrorKind.Conflict, Say.It("not_suspended", $"the case is not suspended (status: {Describe(s.Status):status})"));
        if (!d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (!MayActForCase(ctx.Org, person, s, d.Date) && !d.Breach("role", Say.It("neither_step_nor_desk", $"{by:person} holds neither the current step ({cur.Role:role} of {cur.Unit:unit}) nor the reception of {s.ReceivingUnit:unit}"), kind: ErrorKind.Forbidden)) return d.Result();
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
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, Say.It("apology_reason_missing", $"form 04 must give the reason for the delay"), "reason");
        var cur = s.Current!;
        var unit = person?.WorksIn(cur.Unit, d.Date) == true ? cur.Unit : s.LeadUnit;
        if (person?.WorksIn(cur.Unit, d.Date) != true && person?.WorksIn(s.LeadUnit, d.Date) != true && person?.WorksIn(s.ReceivingUnit, d.Date) != true
            && !d.Breach("unit", Say.It("works_elsewhere", $"{by:person} works neither in {cur.Unit:unit}, {s.LeadUnit:unit} nor {s.ReceivingUnit:unit}"), kind: ErrorKind.Forbidden)) return d.Result();
        if (s.Apology is { } earlier)
        {
            if (ctx.AsRecorded)
                d.Breach("apology-repeated", Say.It("apology_repeated", $"the appointment was already reset on {ctx.Calendar.LocalDate(earlier.At):date} to {ctx.Calendar.LocalDate(earlier.NewAppointment):date}; it may be reset at most once"));
            else
                return new CaseResult([new ApologyRepeatRefused(s.Id, unit, reason, newAppointment, by, at)],
                    new CaseError(ErrorKind.Invalid, Say.It("apology_repeated_recorded", $"the appointment was already reset once (on {ctx.Calendar.LocalDate(earlier.At):date}, to {ctx.Calendar.LocalDate(earlier.NewAppointment):date}); it may be reset at most once — the attempt is recorded")),
                    RecordEvenIfRefused: true);
        }
        if (newAppointment <= s.Deadline.Due)
            return d.Fail(ErrorKind.Invalid, Say.It("new_due_too_early", $"the new appointment must be after the due instant {s.Deadline.Due:instant}"), "new_due");
        var approver = ctx.Org.Person(approvedBy);
        var approved = approver is not null && (IsHead(ctx.Org, approver, s.LeadUnit, d.Date) || IsHead(ctx.Org, approver, cur.Unit, d.Date));
        if (!approved && !d.Breach("apology-approval", Say.It("approver_not_head", $"'{approvedBy:person}' is not the head of {s.LeadUnit:unit} or {cur.Unit:unit} on {d.Date:date}"), "approved_by")) return d.Result();
        var latest = ctx.Calendar.PreviousWorkingDay(s.Deadline.DueDate);
        d.Add(new ApologyIssued(s.Id, unit, reason, newAppointment, approvedBy, s.Deadline.Due, s.Deadline.DueDate, latest, d.Date > latest, by, at));
        return d.Result();
    });

    // ---- refuse / stop ------------------------------------------------------------------------------------------

    public static CaseResult Refuse(CaseState s, string reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, Say.It("refusal_reason_missing", $"form 03 must give the reason for refusing"), "reason");
        var cur = s.Current!;
        var allowed = person?.HoldsRole(cur.Unit, cur.Role, d.Date) == true || IsHead(ctx.Org, person, cur.Unit, d.Date) || IsHead(ctx.Org, person, s.LeadUnit, d.Date);
        if (!allowed && !d.Breach("role", Say.It("neither_role_nor_heads", $"{by:person} is neither a {cur.Role:role} nor the head of {cur.Unit:unit} or {s.LeadUnit:unit}"), kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new CaseRefused(s.Id, s.Code, s.Procedure, s.LeadUnit, cur.Id, cur.Unit, reason, d.Date, by, at));
        return d.Result();
    });

    public static CaseResult Stop(CaseState s, string reason, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.Person(out var person)) return d.Result();
        if (string.IsNullOrWhiteSpace(reason)) return d.Fail(ErrorKind.Invalid, Say.It("stop_reason_missing", $"form 05 must give the reason for stopping"), "reason");
        var cur = s.Current!;
        var allowed = MayActForCase(ctx.Org, person, s, d.Date) || IsHead(ctx.Org, person, cur.Unit, d.Date) || IsHead(ctx.Org, person, s.LeadUnit, d.Date);
        if (!allowed && !d.Breach("role", Say.It("may_not_stop", $"{by:person} holds neither the current step, the reception of {s.ReceivingUnit:unit}, nor heads {cur.Unit:unit}"), kind: ErrorKind.Forbidden)) return d.Result();
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
        if (s.Rated) return new CaseResult([], new CaseError(ErrorKind.Conflict, Say.It("already_rated", $"case {s.Code:code} has already been rated; a case is rated once")));
        if (s.Status is not (CaseStatus.Finished or CaseStatus.Delivered or CaseStatus.Refused or CaseStatus.Stopped))
            return new CaseResult([], new CaseError(ErrorKind.Conflict, Say.It("not_ready_to_rate", $"case {s.Code:code} is {Describe(s.Status):status}: it can be rated once its result is ready")));
        var missing = criteria.Where(c => !scores.ContainsKey(c)).ToList();
        if (missing.Count > 0) return new CaseResult([], new CaseError(ErrorKind.Invalid, Say.It("scores_missing", $"no score for {missing:text}"), "scores"));
        var unknown = scores.Keys.Where(k => !criteria.Contains(k)).ToList();
        if (unknown.Count > 0) return new CaseResult([], new CaseError(ErrorKind.Invalid, Say.It("unknown_criterion", $"{template:code} v{version:number} has no criterion {unknown:text}"), "scores"));
        if (scores.FirstOrDefault(kv => kv.Value < 1 || kv.Value > scaleMax) is { Key: not null } bad)
            return new CaseResult([], new CaseError(ErrorKind.Invalid, Say.It("score_out_of_scale", $"'{bad.Key:text}': {bad.Value:number} is outside the scale 1-{scaleMax:number}"), "scores"));
        var average = Math.Round((decimal)scores.Values.Average(), 2);
        return new CaseResult([new CaseRated(s.Id, s.Code, s.LeadUnit, template, version, scores, average, scaleMax, threshold, average < threshold, comment,
            ctx.Calendar.LocalDate(at), by, at)], null);
    }
}
