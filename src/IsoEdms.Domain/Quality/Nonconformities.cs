using IsoEdms.Domain.Documents;

namespace IsoEdms.Domain.Quality;

/// <summary>Why a quality decision was refused: the English message, the field at fault, and the sentence by code for the host to word.</summary>
public sealed record QualityError(string Message, string? Field = null, bool Conflict = false, Said? Said = null);

public sealed record QualityResult(IReadOnlyList<object> Events, QualityError? Error)
{
    public static QualityResult Of(params object[] events) => new(events, null);
    public static QualityResult Fail(Said said, string? field = null, bool conflict = false) => new([], new QualityError(said.English, field, conflict, said));
}

public sealed record NonconformityState(Guid Id, string Code, string Source, string Unit, string? Person, bool Closed, bool Corrected, bool Conceded, IReadOnlyList<Guid> CorrectiveActions, int Version)
{
    public static NonconformityState? Fold(IEnumerable<object> events) => events.Aggregate((NonconformityState?)null, Next);

    /// <summary>The state after one more event of the stream.</summary>
    public static NonconformityState? Next(NonconformityState? s, object e) => e switch
    {
        NonconformityRaised r => new(r.NcId, r.Code, r.Source, r.Unit, r.Person, false, false, false, [], 1),
        NonconformityCorrected when s is not null => s with { Corrected = true, Version = s.Version + 1 },
        ConcessionGranted when s is not null => s with { Conceded = true, Version = s.Version + 1 },
        CorrectiveActionLinked l when s is not null => s with { CorrectiveActions = [.. s.CorrectiveActions, l.CaId], Version = s.Version + 1 },
        NonconformityClosed when s is not null => s with { Closed = true, Version = s.Version + 1 },
        _ when s is not null => s with { Version = s.Version + 1 },
        _ => s,
    };
}

/// <summary>Nonconformities: the ones the system raises from case events (rules 17-19), and the life of each.</summary>
public static class Nonconformities
{
    // The descriptions are read by people in Viet Nam: dates as dd/MM/yyyy, instants in Viet Nam's time (UTC+7 all year).
    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", global::System.Globalization.CultureInfo.InvariantCulture);
    private static string LocalTime(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", global::System.Globalization.CultureInfo.InvariantCulture);

    public const string System = "system:quality-rules";

    public static Guid IdFor(string key) => Canonical.StreamId("nonconformity", key);

    /// <summary>The nonconformities these new case events raise. Ids are derived from the facts, so each is raised once.</summary>
    public static IReadOnlyList<NonconformityRaised> From(CaseState before, IEnumerable<object> events)
    {
        var list = new List<NonconformityRaised>();
        var detector = System;
        NonconformityRaised Nc(string key, string source, string severity, string unit, string? person, string? step, string description, DateTimeOffset at)
        {
            var id = IdFor($"{before.Id}:{key}");
            return new NonconformityRaised(id, $"NC-{before.Code}-{id.ToString("N")[..4].ToUpperInvariant()}", source, severity, unit, person, before.Id, before.Code, step, description, detector, at);
        }
        foreach (var e in events)
        {
            // overdue is detected by the sweep that recorded it; the other rules by the quality rules themselves
            detector = e is StepOverdue or CaseOverdue ? ((ICaseEvent)e).By : System;
            switch (e)
            {
                case CaseReceived { ReceivedInSystem: false } r:
                    list.Add(Nc("outside", NcSources.ReceivedOutsideSystem, Severities.Minor, r.ReceivingUnit, r.By, null,
                        $"Hồ sơ {r.Code} tiếp nhận ngoài hệ thống / case {r.Code} received outside the central system", r.At));
                    break;
                case StepOverdue o:
                    list.Add(Nc($"step:{o.Step}:{o.StartedAt.UtcTicks}", NcSources.StepLate, Severities.Minor, o.Unit, o.Person, o.Step,
                        $"Bước '{o.Step}' quá hạn (hạn {LocalTime(o.Due)}) / step '{o.Step}' overdue (due {LocalTime(o.Due)})", o.At));
                    break;
                case CaseOverdue o:
                    list.Add(Nc("case", NcSources.CaseLate, o.ApologyOnTime ? Severities.Minor : Severities.Major, o.LeadUnit, null, null,
                        $"Hồ sơ {o.Code} quá hạn ngày {Day(o.DueDate)}{(o.ApologyOnTime ? " (đã xin lỗi đúng hạn)" : "")} / case {o.Code} overdue (due {Day(o.DueDate)})", o.At));
                    if (!o.ApologyOnTime)
                        list.Add(Nc("apology-missing", NcSources.ApologyMissing, Severities.Major, o.LeadUnit, null, null,
                            $"Không có văn bản xin lỗi trước {Day(o.LatestTimelyDate)} / no apology by {Day(o.LatestTimelyDate)}, one working day before the due date", o.At));
                    break;
                case ApologyIssued { Late: true } a:
                    list.Add(Nc("apology-late", NcSources.ApologyLate, Severities.Minor, a.Unit, a.By, null,
                        $"Xin lỗi muộn (sau {Day(a.LatestTimelyDate)}) / apology issued late (after {Day(a.LatestTimelyDate)})", a.At));
                    break;
                case ApologyRepeatRefused a:
                    list.Add(Nc($"apology-repeat:{a.At.UtcTicks}", NcSources.ApologyLate, Severities.Major, a.Unit, a.By, null,
                        "Đề nghị gia hạn lần hai bị từ chối / a second reset of the appointment was attempted", a.At));
                    break;
                // one judgement of lateness (rule 12): a case finished after its due date is late, whether or not a sweep saw
                // it overdue first (the same key: raised once) and whether it is worked live or arrives by import
                case CaseFinished { Classification: Timeliness.Timeliness.Late } f:
                    var timely = before.Apology is { Late: false } || events.OfType<ApologyIssued>().Any(a => !a.Late);
                    list.Add(Nc("case", NcSources.CaseLate, timely ? Severities.Minor : Severities.Major, f.LeadUnit, null, null,
                        $"Hồ sơ {f.Code} có kết quả quá hạn ngày {Day(f.DueDate)}{(timely ? " (đã xin lỗi đúng hạn)" : "")} / case {f.Code} finished late (due {Day(f.DueDate)}{(timely ? ", apologised in time" : "")})", f.At));
                    if (!timely)
                        list.Add(Nc("apology-missing", NcSources.ApologyMissing, Severities.Major, f.LeadUnit, null, null,
                            $"Không có văn bản xin lỗi trước hạn / no apology one working day before the due date {f.DueDate:yyyy-MM-dd}", f.At));
                    if (f.AppointmentMissed)
                        list.Add(Nc("appointment", NcSources.CaseLate, Severities.Major, f.LeadUnit, null, null,
                            $"Trễ cả ngày hẹn lại {f.Appointment:yyyy-MM-dd} / the new appointment was missed too", f.At));
                    break;
                case CaseFinished { AppointmentMissed: true } f:
                    list.Add(Nc("appointment", NcSources.CaseLate, Severities.Major, f.LeadUnit, null, null,
                        $"Trễ cả ngày hẹn lại {f.Appointment:yyyy-MM-dd} / the new appointment was missed too", f.At));
                    break;
                case CaseRated { Low: true } r:
                    list.Add(Nc("rating", NcSources.LowSatisfaction, Severities.Minor, before.LeadUnit, null, null,
                        $"Đánh giá hài lòng thấp: {r.Average:0.0}/{r.ScaleMax} (ngưỡng {r.Threshold:0.0}) / low satisfaction", r.At));
                    break;
            }
        }
        return list;
    }

    public static QualityResult Raise(Guid id, string code, string source, string severity, string unit, string? person, string description, string by, DateTimeOffset at)
    {
        if (!NcSources.RaisedByHand.Contains(source)) return QualityResult.Fail(Say.It("source_raised_by_system", $"'{source:text}' is raised by the system; raise {NcSources.RaisedByHand:text} by hand"), "source");
        if (severity is not (Severities.Minor or Severities.Major)) return QualityResult.Fail(Say.It("severity_unknown", $"'severity' must be minor or major"), "severity");
        if (string.IsNullOrWhiteSpace(description)) return QualityResult.Fail(Say.It("nc_description_missing", $"describe the nonconformity"), "description");
        return QualityResult.Of(new NonconformityRaised(id, code, source, severity, unit, person, null, null, null, description, by, at));
    }

    public static QualityResult Correct(NonconformityState s, string correction, string by, DateTimeOffset at) =>
        s.Closed ? QualityResult.Fail(Say.It("record_closed", $"{s.Code:code} is closed"), conflict: true)
        : string.IsNullOrWhiteSpace(correction) ? QualityResult.Fail(Say.It("correction_missing", $"say what was done to correct it"), "correction")
        : QualityResult.Of(new NonconformityCorrected(s.Id, correction, by, at));

    public static QualityResult Concede(NonconformityState s, string concession, string decidedBy, string by, DateTimeOffset at) =>
        s.Closed ? QualityResult.Fail(Say.It("record_closed", $"{s.Code:code} is closed"), conflict: true)
        : string.IsNullOrWhiteSpace(concession) ? QualityResult.Fail(Say.It("concession_missing", $"say what is accepted as it is"), "concession")
        : string.IsNullOrWhiteSpace(decidedBy) ? QualityResult.Fail(Say.It("concession_decider_missing", $"say who decided the concession"), "decided_by")
        : QualityResult.Of(new ConcessionGranted(s.Id, concession, decidedBy, by, at));

    /// <summary>Closed only with a correction, a concession or a corrective action, and every linked corrective action closed (verified effective).</summary>
    public static QualityResult Close(NonconformityState s, IReadOnlyList<CorrectiveActionState> actions, string by, DateTimeOffset at)
    {
        if (s.Closed) return QualityResult.Fail(Say.It("record_already_closed", $"{s.Code:code} is already closed"), conflict: true);
        if (!s.Corrected && !s.Conceded && s.CorrectiveActions.Count == 0)
            return QualityResult.Fail(Say.It("nc_nothing_done", $"{s.Code:code} has no correction, concession or corrective action yet"));
        var open = actions.Where(a => a.Status != CorrectiveActionStatus.Closed).Select(a => a.Code).ToList();
        if (open.Count > 0) return QualityResult.Fail(Say.It("nc_actions_open", $"{s.Code:code} cannot close while its corrective actions are open or not verified effective: {open:text}"));
        return QualityResult.Of(new NonconformityClosed(s.Id, s.Code, s.Unit, by, at));
    }
}
