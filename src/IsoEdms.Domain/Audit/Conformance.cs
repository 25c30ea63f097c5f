
namespace IsoEdms.Domain.Audit;

public static class FindingKinds
{
    public const string StepSkipped = "step_skipped", StepOutOfOrder = "step_out_of_order", OutcomeNotAllowed = "outcome_not_allowed",
        ActorNotAuthorised = "actor_not_authorised", LateWithoutApology = "late_without_apology", ApologyTooLate = "apology_too_late",
        SecondExtension = "second_extension", ReceivedOutsideSystem = "received_outside_system";
}

public sealed record Finding(Guid CaseId, string CaseCode, long Version, string EventType, string Kind, string Detail)
{
    /// <summary>The detail as a sentence by code (its English is <see cref="Detail"/>), for the pages to word.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Said? Said { get; init; }
}

/// <summary>
/// Replays a case's stored events against the procedure version it pinned and the organisation as it was on each
/// event's date. It reads what happened, not what the system marked: a history imported as recorded is checked the same
/// way as one made through the commands.
/// </summary>
public static class Conformance
{
    public static IReadOnlyList<Finding> Check(IReadOnlyList<(long Version, object Data)> events, ProcedureDefinition def, OrgSnapshot org, WorkingCalendar calendar)
    {
        var findings = new List<Finding>();
        if (events.Count == 0 || events[0].Data is not CaseReceived received) return findings;
        var order = def.Steps.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        string? open = null, expected = null, returnedTo = null;
        var apologies = 0;
        var apologyTimely = false;
        var lateRecorded = false;

        void Add(long version, object e, string kind, Said detail) =>
            findings.Add(new Finding(received.CaseId, received.Code, version, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.GetType().Name), kind, detail.English) { Said = detail });
        bool Holds(string person, string unit, string role, DateTimeOffset at) =>
            org.Person(person)?.HoldsRole(unit, role, calendar.LocalDate(at)) == true;

        foreach (var (version, e) in events)
        {
            switch (e)
            {
                case CaseReceived r:
                    if (!r.ReceivedInSystem) Add(version, e, FindingKinds.ReceivedOutsideSystem, Say.It("conf_outside_system", $"received outside the central system"));
                    var first = def.FirstStep;
                    var unit = CaseDecider.UnitOf(first, r.ReceivingUnit);
                    if (!Holds(r.By, unit, first.Role, r.At)) Add(version, e, FindingKinds.ActorNotAuthorised, Say.It("conf_not_role_holder", $"{r.By:person} was not a {first.Role:role} of {unit:unit} on {calendar.LocalDate(r.At):date}"));
                    expected = first.Id;
                    break;
                case CaseReturned ret:
                    returnedTo = ret.ToStep;
                    open = null;
                    break;
                case StepStarted s:
                    if (returnedTo == s.Step) { returnedTo = null; }
                    else if (open is not null)
                        Add(version, e, order.GetValueOrDefault(s.Step, -1) > order.GetValueOrDefault(open, -1) ? FindingKinds.StepSkipped : FindingKinds.StepOutOfOrder,
                            Say.It("conf_started_while_open", $"'{s.Step:step}' started while '{open:step}' was not completed"));
                    else if (expected is not null && s.Step != expected)
                        Add(version, e, order.GetValueOrDefault(s.Step, -1) > order.GetValueOrDefault(expected, -1) ? FindingKinds.StepSkipped : FindingKinds.StepOutOfOrder,
                            Say.It("conf_started_elsewhere", $"'{s.Step:step}' started where the procedure leads to '{expected:step}'"));
                    open = s.Step;
                    expected = null;
                    break;
                case StepCompleted c:
                    var step = def.Step(c.Step);
                    if (step is null) { Add(version, e, FindingKinds.StepOutOfOrder, Say.It("conf_no_such_step", $"{def.Code:code} v{def.Version:number} has no step '{c.Step:code}'")); break; }
                    if (step.Outcomes is { Count: > 0 } outcomes ? c.Outcome is null || !outcomes.ContainsKey(c.Outcome) : c.Outcome is not null)
                        Add(version, e, FindingKinds.OutcomeNotAllowed, step.Outcomes is { Count: > 0 } o
                            ? Say.It("conf_outcome_not_allowed", $"outcome '{c.Outcome ?? "(none)":outcome}' of step '{c.Step:step}'; allowed: {o.Keys.Order():outcomes}")
                            : Say.It("conf_outcome_none_allowed", $"outcome '{c.Outcome ?? "(none)":outcome}' of step '{c.Step:step}'; allowed: none"));
                    if (!Holds(c.By, c.Unit, step.Role, c.At)) Add(version, e, FindingKinds.ActorNotAuthorised, Say.It("conf_not_role_holder", $"{c.By:person} was not a {step.Role:role} of {c.Unit:unit} on {calendar.LocalDate(c.At):date}"));
                    open = null;
                    expected = step.End ? null : step.Outcomes is { Count: > 0 } outs && c.Outcome is not null && outs.TryGetValue(c.Outcome, out var n) ? n : step.Next;
                    if (expected == Outcomes.Refuse) expected = null;
                    break;
                case ApologyIssued a:
                    apologies++;
                    if (apologies > 1) Add(version, e, FindingKinds.SecondExtension, Say.It("conf_second_reset", $"the appointment was reset a second time"));
                    if (a.Late) Add(version, e, FindingKinds.ApologyTooLate, Say.It("conf_apology_late", $"issued on {calendar.LocalDate(a.At):date}, after {a.LatestTimelyDate:date}"));
                    else if (apologies == 1) apologyTimely = true;
                    var approver = org.Person(a.ApprovedBy);
                    var date = calendar.LocalDate(a.At);
                    if (!org.HoldsGrantAnywhere(approver, Grants.UnitHead, date))
                        Add(version, e, FindingKinds.ActorNotAuthorised, Say.It("conf_apology_approver", $"the apology was approved by {a.ApprovedBy:person}, not the head of a unit"));
                    break;
                case ApologyRepeatRefused:
                    Add(version, e, FindingKinds.SecondExtension, Say.It("conf_second_reset_tried", $"a second reset of the appointment was attempted"));
                    break;
                case CaseOverdue or CaseFinished { Classification: Timeliness.Timeliness.Late } when !apologyTimely && !lateRecorded:
                    lateRecorded = true;
                    Add(version, e, FindingKinds.LateWithoutApology, Say.It("conf_late_no_apology", $"the case ran past its due date without an apology one working day before it"));
                    break;
            }
        }
        return findings;
    }
}
