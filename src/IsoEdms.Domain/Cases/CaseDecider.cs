
namespace IsoEdms.Domain.Cases;

/// <summary>Not found → 404, Conflict (state or version) → 409, Forbidden (role, unit, person) → 403, Invalid → 422.</summary>
public enum ErrorKind { NotFound, Conflict, Forbidden, Invalid }

/// <summary>Why a decision was refused: its kind, the English message, the request field at fault, and the sentence by code for the host to word.</summary>
public sealed record CaseError(ErrorKind Kind, string Message, string? Field = null, Said? Said = null)
{
    public CaseError(ErrorKind kind, Said said, string? field = null) : this(kind, said.English, field, said) { }
}

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

/// <summary>The rules of the dossier lifecycle (docs/rules.md, rules 7-18) as pure functions: state + command + time + context in, events out.</summary>
public static partial class CaseDecider
{
    /// <summary>Roles that head a unit: they assign work and approve apologies.</summary>

    // ---- receive ------------------------------------------------------------------------------------------------

    public static CaseResult Receive(Guid caseId, ReceiveCase cmd, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, caseId, by, at);
        var def = ctx.Definition;
        var date = ctx.Calendar.LocalDate(at);
        if (string.IsNullOrWhiteSpace(cmd.Applicant?.Name)) return d.Fail(ErrorKind.Invalid, Say.It("applicant_name_missing", $"the applicant's name is required"), "applicant.name");
        if (ctx.Org.Unit(cmd.ReceivingUnit) is not { } receiving) return d.Fail(ErrorKind.Invalid, Say.It("unknown_unit", $"unknown unit '{cmd.ReceivingUnit:unit}'"), "receiving_unit");
        if (!receiving.ExistsOn(date)) return d.Fail(ErrorKind.Invalid, UnitAbsent(receiving, cmd.ReceivingUnit, date), "receiving_unit");
        var lead = cmd.LeadUnit ?? DefaultLeadUnit(def, cmd.ReceivingUnit);
        if (ctx.Org.Unit(lead) is not { } leadUnit || !leadUnit.ExistsOn(date)) return d.Fail(ErrorKind.Invalid, Say.It("unit_absent", $"unit '{lead:unit}' does not exist on {date:date}"), "lead_unit");
        if (def.EffectiveFrom > date && !d.Breach("procedure-not-effective", Say.It("procedure_not_effective", $"{def.Code:code} v{def.Version:number} takes effect on {def.EffectiveFrom:date}"), "version")) return d.Result();

        var first = def.FirstStep;
        var firstUnit = UnitOf(first, cmd.ReceivingUnit);
        if (!d.Person(out var person)) return d.Result();
        var holds = person?.HoldsRole(firstUnit, first.Role, date) == true;
        if (!holds && !d.Breach("role", Say.It("not_role_holder", $"{by:person} is not a {first.Role:role} of {firstUnit:unit} on {date:date}"), kind: ErrorKind.Forbidden)) return d.Result();

        var deadline = Deadlines.Compute(ctx.Calendar, at, def.TimeLimit, def.Cutoff);
        d.Opens(new CaseReceived(caseId, cmd.Code, def.Code, def.Version, ctx.ContentHash, def.Calendar, ctx.Calendar.Version,
            ctx.Policy.Name, def.SuspensionPolicy, def.TimeLimit.ToString(), cmd.ReceivingUnit, lead, cmd.Applicant!, cmd.Components ?? [],
            at, date, deadline.ClockStart, deadline.Due, deadline.DueDate, cmd.ReceivedInSystem, by, at) is var received && cmd.PersonalSalt is { } salt
            ? received with { PersonalSalt = salt, PersonalCommitment = Audit.PersonalData.Commit(salt, received) }
            : received);
        d.Add(Start(ctx, caseId, first, firstUnit, holds ? by : null, by, at, deadline.Due));
        // a first step done in the act of receiving (the procedure says so) is completed by the receipt, by its receiver
        if (first.CompletedAtReceipt && holds && CaseState.Fold(d.Events) is { } opened
            && Complete(opened, first.Id, null, ctx, by, at) is { Error: null } completed)
            foreach (var e in completed.Events) d.Add(e);
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
        if (cur.Assignee is not null) return d.Fail(ErrorKind.Conflict, Say.It("step_taken", $"step '{step:step}' is already taken by {cur.Assignee:person}; the head of {cur.Unit:unit} can reassign it"));
        if (person?.HoldsRole(cur.Unit, cur.Role, d.Date) != true && !d.Breach("role", Say.It("not_role_holder", $"{by:person} is not a {cur.Role:role} of {cur.Unit:unit} on {d.Date:date}"), kind: ErrorKind.Forbidden)) return d.Result();
        d.Add(new StepAssigned(s.Id, step, cur.Unit, by, true, by, at));
        return d.Result();
    });

    public static CaseResult Assign(CaseState s, string step, string assignee, CaseContext ctx, string by, DateTimeOffset at) => Guard(ctx, () =>
    {
        var d = new Draft(ctx, s.Id, by, at);
        if (!d.Open(s, allowSuspended: true) || !d.CurrentIs(s, step) || !d.Person(out var person)) return d.Result();
        var cur = s.Current!;
        if (!IsHead(ctx.Org, person, cur.Unit, d.Date) && !d.Breach("assign", Say.It("only_head_assigns", $"only the head of {cur.Unit:unit} assigns its work; {by:person} is not"), kind: ErrorKind.Forbidden)) return d.Result();
        if (ctx.Org.Person(assignee) is not { } target || !target.HoldsRole(cur.Unit, cur.Role, d.Date))
            return d.Fail(ErrorKind.Invalid, Say.It("assignee_not_role_holder", $"'{assignee:person}' is not a {cur.Role:role} of {cur.Unit:unit} on {d.Date:date}"), "person");
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
            if (def.Step(step) is not { } named) return d.Fail(ErrorKind.Invalid, Say.It("no_such_step", $"{def.Code:code} v{def.Version:number} has no step '{step:step}'"), "step");
            if (!d.Breach("step-order", Say.It("step_order", $"step '{step:step}' is not the current step (current: '{cur.Id:step}')"), "step")) return d.Result();
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
            if (string.IsNullOrWhiteSpace(outcome)) return d.Fail(ErrorKind.Invalid, Say.It("outcome_missing", $"step '{cur.Id:step}' needs an outcome: {outcomes.Keys.Order():outcomes}"), "outcome");
            if (!outcomes.TryGetValue(outcome, out next!)) return d.Fail(ErrorKind.Invalid, Say.It("outcome_not_allowed", $"'{outcome:outcome}' is not an outcome of step '{cur.Id:step}'; allowed: {outcomes.Keys.Order():outcomes}"), "outcome");
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(outcome)) return d.Fail(ErrorKind.Invalid, Say.It("outcome_unexpected", $"step '{cur.Id:step}' has no outcomes; leave 'outcome' out"), "outcome");
            next = stepDef.End ? "delivered" : stepDef.Next!;
        }
        if (person?.HoldsRole(cur.Unit, cur.Role, d.Date) != true && !d.Breach("role", Say.It("not_role_holder", $"{by:person} is not a {cur.Role:role} of {cur.Unit:unit} on {d.Date:date}"), kind: ErrorKind.Forbidden)) return d.Result();
        if (cur.Assignee is not null && cur.Assignee != by && !d.Breach("assignee", Say.It("assigned_to_other", $"step '{cur.Id:step}' is assigned to {cur.Assignee:person}; the head of {cur.Unit:unit} can reassign it"), kind: ErrorKind.Forbidden)) return d.Result();

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
}
