using IsoEdms.Domain.Calendars;

namespace IsoEdms.Ui.Layout;

/// <summary>
/// A case's event log in the page's language, worded from each event's own data: units, roles and people by their
/// names, steps by their titles, instants in local time. The case document keeps a short technical note per event for
/// the command line and the API; a person reads this.
/// </summary>
public static class CaseWords
{
    public static string? Note(object data, OrgNames names, Func<string, string> step) => data switch
    {
        CaseReceived e => e.ReceivedInSystem ? null : L.T("tiếp nhận ngoài hệ thống một cửa", "received outside the central system"),
        StepStarted e => L.T($"{names.Role(e.Role)} – {names.Unit(e.Unit)}, hạn {L.Time(e.Due)}", $"{names.Role(e.Role)} – {names.Unit(e.Unit)}, due {L.Time(e.Due)}"),
        StepAssigned e => e.Claimed ? L.T("tự nhận xử lý", "claimed") : L.T($"giao cho {names.Person(e.Assignee)}", $"assigned to {names.Person(e.Assignee)}"),
        StepCompleted e => e.Outcome is null ? null : L.T($"kết quả: {L.Outcome(e.Outcome)}", $"outcome: {L.Outcome(e.Outcome)}"),
        CaseReturned e => L.T($"trả lại bước {step(e.ToStep)}: {e.Reason}", $"back to {step(e.ToStep)}: {e.Reason}"),
        CaseTransferred e => $"{names.Unit(e.FromUnit)} → {names.Unit(e.ToUnit)}{(e.Reason is { Length: > 0 } r ? $": {r}" : "")}",
        CaseSuspended e => $"{L.Suspension(Snake(e.Reason))}: {string.Join("; ", e.Items)} {e.Note}".Trim(),
        CaseResumed e => L.T($"{(e.Policy == SuspensionPolicy.Restart ? "tính lại từ đầu" : "tính tiếp")}: hạn {L.Time(e.PreviousDue)} → {L.Time(e.Due)}",
            $"{(e.Policy == SuspensionPolicy.Restart ? "clock restarted" : "clock continued")}: due {L.Time(e.PreviousDue)} → {L.Time(e.Due)}"),
        PersonalDataErased e => L.T($"đã xoá dữ liệu cá nhân: {e.Reason}", $"personal data erased: {e.Reason}"),
        CaseCalendarFollowed e => e.Moved
            ? L.T($"theo lịch làm việc phiên bản {e.ToVersion}: hạn {L.Time(e.PreviousDue)} → {L.Time(e.Due)}", $"working calendar version {e.ToVersion}: due {L.Time(e.PreviousDue)} → {L.Time(e.Due)}")
            : L.T($"theo lịch làm việc phiên bản {e.ToVersion}: hạn không đổi", $"working calendar version {e.ToVersion}: due unchanged"),
        CaseDueMoved e => L.T($"{e.WorkingMinutesExcluded} phút làm việc không tính: hạn {L.Time(e.PreviousDue)} → {L.Time(e.Due)}",
            $"{e.WorkingMinutesExcluded} working minutes not counted: due {L.Time(e.PreviousDue)} → {L.Time(e.Due)}"),
        ApologyIssued e => L.T($"{e.Reason}; hẹn mới {L.Time(e.NewAppointment)}{(e.Late ? $" (muộn: sau ngày {L.Date(e.LatestTimelyDate)})" : "")}",
            $"{e.Reason}; new appointment {L.Time(e.NewAppointment)}{(e.Late ? $" (late: after {L.Date(e.LatestTimelyDate)})" : "")}"),
        ApologyRepeatRefused e => e.Reason,
        CaseRefused e => e.Reason,
        CaseStopped e => e.Reason,
        CaseFinished e => L.T($"{L.Classification(Snake(e.Classification))} (hạn {L.Date(e.DueDate)})", $"{L.Classification(Snake(e.Classification))} (due {L.Date(e.DueDate)})"),
        ConformanceBreachRecorded e => e.Detail,
        StepOverdue e => L.T($"quá hạn từ {L.Time(e.Due)}", $"overdue since {L.Time(e.Due)}"),
        CaseOverdue e => L.T($"quá hạn từ ngày {L.Date(e.DueDate)}; {(e.ApologyOnTime ? "đã xin lỗi đúng hạn" : "chưa có văn bản xin lỗi đúng hạn")}",
            $"overdue since {L.Date(e.DueDate)}; {(e.ApologyOnTime ? "apology in time" : "no timely apology")}"),
        CaseRated e => $"{L.N(e.Average)}/{e.ScaleMax}",
        _ => null,
    };

    /// <summary>An event's type (its stored name) in the page's language.</summary>
    public static string EventName(string type) => type switch
    {
        "case_received" => L.T("Tiếp nhận hồ sơ", "Received"),
        "step_started" => L.T("Bắt đầu bước", "Step started"),
        "step_assigned" => L.T("Giao việc", "Step assigned"),
        "step_completed" => L.T("Hoàn thành bước", "Step completed"),
        "case_returned" => L.T("Trả lại bước trước", "Returned"),
        "case_transferred" => L.T("Chuyển đơn vị", "Transferred"),
        "case_suspended" => L.T("Tạm dừng", "Suspended"),
        "case_resumed" => L.T("Tiếp tục giải quyết", "Resumed"),
        "case_due_moved" => L.T("Dời hạn (thời gian không tính)", "Due moved (time not counted)"),
        "apology_issued" => L.T("Xin lỗi, hẹn lại", "Apology, new appointment"),
        "apology_repeat_refused" => L.T("Xin lỗi lần hai bị từ chối", "Second apology refused"),
        "case_refused" => L.T("Từ chối", "Refused"),
        "case_stopped" => L.T("Dừng xử lý", "Stopped"),
        "case_finished" => L.T("Có kết quả", "Result ready"),
        "case_delivered" => L.T("Đã trả kết quả", "Delivered"),
        "step_overdue" => L.T("Bước quá hạn", "Step overdue"),
        "case_overdue" => L.T("Hồ sơ quá hạn", "Case overdue"),
        "case_rated" => L.T("Người dân đánh giá", "Rated"),
        "case_calendar_followed" => L.T("Theo lịch làm việc mới", "Calendar revision followed"),
        "personal_data_erased" => L.T("Xoá dữ liệu cá nhân", "Personal data erased"),
        "conformance_breach_recorded" => L.T("Ghi nhận sai quy trình", "Breach recorded"),
        _ => type,
    };

    /// <summary>What the conformance replay found (rule 15), in the page's language.</summary>
    public static string Conformance(string kind) => kind switch
    {
        IsoEdms.Domain.Audit.FindingKinds.StepSkipped => L.T("bỏ qua bước", "a step skipped"),
        IsoEdms.Domain.Audit.FindingKinds.StepOutOfOrder => L.T("bước không đúng thứ tự", "a step out of order"),
        IsoEdms.Domain.Audit.FindingKinds.OutcomeNotAllowed => L.T("kết quả không có trong quy trình", "an outcome the procedure does not allow"),
        IsoEdms.Domain.Audit.FindingKinds.ActorNotAuthorised => L.T("người thực hiện không giữ vai trò", "done by someone without the role"),
        IsoEdms.Domain.Audit.FindingKinds.LateWithoutApology => L.T("quá hạn không có văn bản xin lỗi", "late without an apology"),
        IsoEdms.Domain.Audit.FindingKinds.ApologyTooLate => L.T("xin lỗi muộn", "apology too late"),
        IsoEdms.Domain.Audit.FindingKinds.SecondExtension => L.T("hẹn lại lần thứ hai", "a second new appointment"),
        IsoEdms.Domain.Audit.FindingKinds.ReceivedOutsideSystem => L.T("tiếp nhận ngoài hệ thống", "received outside the central system"),
        _ => kind,
    };

    /// <summary>A row of the process-control slip (form 06) by its kind.</summary>
    public static string SlipKind(string kind) => kind switch
    {
        Cases.SlipKinds.Receipt => L.T("Tiếp nhận", "Receipt"),
        Cases.SlipKinds.Handover => L.T("Bàn giao", "Handover"),
        Cases.SlipKinds.Return => L.T("Trả lại", "Return"),
        Cases.SlipKinds.Transfer => L.T("Chuyển đơn vị", "Transfer"),
        _ => kind,
    };

    private static string Snake<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
