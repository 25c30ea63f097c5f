using System.Text.Json;
using IsoEdms.Cases.Importing;
using IsoEdms.Domain.Calendars;
using IsoEdms.Domain.Organisation;
using IsoEdms.Domain.Procedures;

namespace IsoEdms.Demo;

/// <summary>
/// Deterministic demo dossiers as import lines (the import format): realistic Vietnamese names, the Huế portal's mix of
/// early / on-time / late (48.6 / 40.0 / 7.7 %, docs/rules.md, rule 16), some refusals, stops, supplements and dossiers received
/// outside the system. Every line is valid against the published procedures; the import decides the events.
/// </summary>
public sealed class DemoCases(IReadOnlyList<ProcedureDefinition> procedures, WorkingCalendar calendar, OrgSnapshot org, int seed)
{
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Kim"];
    private static readonly string[] GivenNames = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];

    private static readonly JsonSerializerOptions Output = new(CaseImport.Json)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, int> _numbers = [];
    private readonly Dictionary<(string, string, DateOnly), string[]> _holders = [];

    /// <summary>The communes and wards of the organisation (dossiers of commune-level procedures are spread over them).</summary>
    private readonly string[] Communes = org.Units.Where(u => u.Level == "commune" && u.Ended is null).Select(u => u.Code).Order(StringComparer.Ordinal).ToArray();

    public IEnumerable<string> Lines(int count, DateOnly from, DateOnly to, DateTimeOffset horizon)
    {
        for (var produced = 0; produced < count;)
        {
            var line = Next(from, to, horizon);
            if (line is null) continue;   // nobody held a role that day: draw again
            produced++;
            yield return JsonSerializer.Serialize(line, Output);
        }
    }

    private ImportLine? Next(DateOnly from, DateOnly to, DateTimeOffset horizon)
    {
        var def = procedures[_random.Next(procedures.Count)];
        var unit = def.Level == "commune" ? Communes[_random.Next(Communes.Length)] : "tt-pvhcc-hue";
        var received = WorkingInstant(from, to);
        if (received > horizon) received = horizon.AddHours(-1);
        var year = calendar.LocalDate(received).Year;
        var number = _numbers[$"{unit}/{year}"] = _numbers.GetValueOrDefault($"{unit}/{year}") + 1;
        var code = Cases.Receiving.DossierCodes.Format(org.Unit(unit)!.DossierPrefix, year, number);
        var receiver = Pick(CaseDecider.UnitOf(def.FirstStep, unit), def.FirstStep.Role, calendar.LocalDate(received));
        if (receiver is null) return null;

        var deadline = Deadlines.Compute(calendar, received, def.TimeLimit, def.Cutoff);
        var roll = _random.NextDouble();
        var fate = roll < 0.486 ? Classifications.Early : roll < 0.886 ? Classifications.OnTime : roll < 0.963 ? Classifications.Late : roll < 0.983 ? Endings.Refused : Endings.Stopped;
        var finish = FinishInstant(fate, received, deadline);

        var events = new List<ImportAction>();
        var path = def.Steps.TakeWhile(s => !s.End).ToList();
        var endStep = def.Steps.First(s => s.End);
        var suspend = _random.NextDouble() < 0.05 && path.Count > 2 && fate is Classifications.Early or Classifications.OnTime;
        var span = calendar.WorkingTimeBetween(received, finish);
        // most late dossiers get a letter of apology (form 04) on the working day before the due date, approved by the head
        var apologyDay = calendar.PreviousWorkingDay(deadline.DueDate).ToDateTime(new TimeOnly(9, 0));
        DateTimeOffset? apologyAt = fate == Classifications.Late && _random.NextDouble() < 0.7
            ? new DateTimeOffset(apologyDay, calendar.TimeZone.GetUtcOffset(apologyDay)).ToUniversalTime() : null;
        var at = received;
        var moved = false;
        DateTimeOffset Last() => events.Count > 0 ? events[^1].At!.Value : received;
        for (var k = 0; k < path.Count; k++)
        {
            var step = path[k];
            var stepUnit = CaseDecider.UnitOf(step, unit);
            var done = calendar.AddWorkingTime(received, span * (k + 1) / path.Count);
            if (done <= at) done = at.AddMinutes(1);
            if (done > horizon) return Line(code, def, unit, received, receiver, events);
            var by = k == 0 ? receiver : Pick(stepUnit, step.Role, calendar.LocalDate(done));   // the receiver holds the first step
            if (by is null) return null;
            if (fate == Endings.Stopped && k == 1)
            {
                events.Add(Action(ImportActions.Stopped, by: PickGranted(unit, Grants.OneStopDesk, calendar.LocalDate(done)) ?? by, at: done, reason: "Người nộp hồ sơ xin rút hồ sơ"));
                return Line(code, def, unit, received, receiver, events);
            }
            if (suspend && k == 1)
            {
                var resumed = calendar.AddWorkingTime(at, TimeSpan.FromHours(1));
                events.Add(Action(ImportActions.Suspended, by: by, at: at.AddMinutes(1) < resumed ? at.AddMinutes(1) : resumed, reason: "supplement",
                    items: ["Bản sao giấy tờ tùy thân còn hiệu lực"]));
                events.Add(Action(ImportActions.Resumed, by: by, at: resumed));
                if (done <= resumed) done = resumed.AddMinutes(1);
            }
            if (k == 1 && fate is Classifications.Early or Classifications.OnTime && _random.NextDouble() < 0.03 && Communes.Contains(stepUnit))
            {   // the dossier belongs to another commune: the step moves there
                var other = Communes.Where(c => c != stepUnit).OrderBy(_ => _random.Next()).First();
                if (Pick(other, step.Role, calendar.LocalDate(done)) is { } there && done > Last().AddMinutes(2))
                {
                    events.Add(Action(ImportActions.Transferred, by: by, at: Last().AddMinutes(1), reason: "Thuộc thẩm quyền đơn vị khác") with { ToUnit = other });
                    by = there;
                    moved = true;
                }
            }
            if (k == 2 && !moved && fate is Classifications.Early or Classifications.OnTime && _random.NextDouble() < 0.04 && events.LastOrDefault() is { Type: ImportActions.StepCompleted } previous && done > Last().AddMinutes(3))
            {   // sent back once to the previous step, which is done again
                var back = Last();
                events.Add(Action(ImportActions.Returned, by: by, at: back.AddMinutes(1), step: previous.Step, reason: "Hồ sơ cần làm rõ"));
                events.Add(previous with { At = back.AddMinutes(2) });
            }
            if (apologyAt is { } when && when > Last().AddMinutes(1) && when < done && when < horizon
                && PickGranted(stepUnit, Grants.UnitHead, calendar.LocalDate(when)) is { } head)
            {
                events.Add(Action(ImportActions.Apology, by: by, at: when, reason: "Hồ sơ cần xác minh thêm") with
                    { NewDue = calendar.AddWorkingTime(finish, TimeSpan.FromHours(8 * 5)), ApprovedBy = head });
                apologyAt = null;
            }
            string? outcome = step.Outcomes is { Count: > 0 } o ? (fate == Endings.Refused ? o.First(x => x.Value == Outcomes.Refuse).Key : o.First(x => x.Value != Outcomes.Refuse).Key) : null;
            events.Add(Action(ImportActions.StepCompleted, step: step.Id, outcome: outcome, by: by, at: done));
            at = done;
            if (fate == Endings.Refused && outcome is not null) return Line(code, def, unit, received, receiver, events);
        }
        var handBack = calendar.AddWorkingTime(at, TimeSpan.FromMinutes(_random.Next(10, 16 * 60)));
        if (handBack <= horizon)
        {
            var desk = Pick(CaseDecider.UnitOf(endStep, unit), endStep.Role, calendar.LocalDate(handBack));
            if (desk is not null) events.Add(Action(ImportActions.StepCompleted, step: endStep.Id, by: desk, at: handBack));
        }
        return Line(code, def, unit, received, receiver, events);
    }

    private ImportLine Line(string code, ProcedureDefinition def, string unit, DateTimeOffset received, string receiver, List<ImportAction> events) =>
        new(code, def.Code, def.Version, unit, null,
            new Applicant($"{FamilyNames[_random.Next(FamilyNames.Length)]} {MiddleNames[_random.Next(MiddleNames.Length)]} {GivenNames[_random.Next(GivenNames.Length)]}",
                IdNumber(code), Phone(code)),
            ["Tờ khai", "Giấy tờ tùy thân"], ToLocal(received), receiver, _random.NextDouble() >= 0.03,
            events.Select(e => e with { At = ToLocal(e.At!.Value) }).ToList());

    /// <summary>
    /// A citizen identity number (CCCD: 12 digits, 046 for Huế, then sex and century, year of birth, six more) and a mobile
    /// number, both drawn from the dossier's code rather than from the generator's random sequence, so adding them left
    /// every other drawn value of a seed as it was.
    /// </summary>
    private static string IdNumber(string code) => $"046{Digits(code, "id", 9)}";

    private static string Phone(string code) => $"09{Digits(code, "phone", 8)}";

    private static string Digits(string code, string salt, int count)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{salt}:{code}"));
        return string.Concat(hash.Take(count).Select(b => (char)('0' + b % 10)));
    }

    private static ImportAction Action(string type, string by, DateTimeOffset at, string? step = null, string? outcome = null, string? reason = null, List<string>? items = null) =>
        new(type, step, outcome, reason, null, null, null, items, null, by, at);

    private DateTimeOffset ToLocal(DateTimeOffset t) => calendar.ToLocal(new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero));

    /// <summary>A working instant between 07:00 and 16:30 local on a working day in [from, to].</summary>
    private DateTimeOffset WorkingInstant(DateOnly from, DateOnly to)
    {
        for (;;)
        {
            var date = from.AddDays(_random.Next(to.DayNumber - from.DayNumber + 1));
            if (!calendar.IsWorkingDay(date)) continue;
            var minutes = _random.Next(7 * 60, 16 * 60 + 30);
            if (minutes is > 11 * 60 + 30 and < 13 * 60 + 30) continue;
            var local = date.ToDateTime(new TimeOnly(minutes / 60, minutes % 60));
            return new DateTimeOffset(local, calendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        }
    }

    private DateTimeOffset FinishInstant(string fate, DateTimeOffset received, Deadline deadline)
    {
        var dueDayStart = calendar.ClockStart(new DateTimeOffset(deadline.DueDate.ToDateTime(TimeOnly.MinValue), calendar.TimeZone.GetUtcOffset(deadline.DueDate.ToDateTime(TimeOnly.MinValue))));
        if (dueDayStart < received) dueDayStart = received;
        switch (fate)
        {
            case Classifications.Early when calendar.WorkingTimeBetween(deadline.ClockStart, dueDayStart) > TimeSpan.FromMinutes(30):
                return calendar.AddWorkingTime(received, calendar.WorkingTimeBetween(received, dueDayStart) * (0.3 + 0.6 * _random.NextDouble()));
            case Classifications.Late:
                return calendar.AddWorkingTime(deadline.Due, TimeSpan.FromHours(1 + _random.Next(8, 40)));
            default:   // on time (also "early" when the limit is the same day)
                var window = calendar.WorkingTimeBetween(dueDayStart, deadline.Due);
                return calendar.AddWorkingTime(dueDayStart, window * (0.2 + 0.75 * _random.NextDouble()));
        }
    }

    /// <summary>Someone whose role in the unit grants <paramref name="grant"/> on the date (the desk, the head), whatever the role is called.</summary>
    private string? PickGranted(string unit, string grant, DateOnly date)
    {
        var people = org.People.Where(p => org.HoldsGrant(p, unit, grant, date)).Select(p => p.Code).Order(StringComparer.Ordinal).ToArray();
        return people.Length == 0 ? null : people[_random.Next(people.Length)];
    }

    private string? Pick(string unit, string role, DateOnly date)
    {
        if (!_holders.TryGetValue((unit, role, date), out var people))
            _holders[(unit, role, date)] = people = org.People.Where(p => p.HoldsRole(unit, role, date)).Select(p => p.Code).Order(StringComparer.Ordinal).ToArray();
        return people.Length == 0 ? null : people[_random.Next(people.Length)];
    }
}
