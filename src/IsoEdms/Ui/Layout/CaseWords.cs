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
