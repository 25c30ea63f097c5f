namespace IsoEdms.Quality;

/// <summary>The words a person reads for the quality registers' codes, Vietnamese first, English second.</summary>
public static class QualityWords
{
    public static (string Vi, string En) Source(string source) => source switch
    {
        NcSources.CaseLate => ("Hồ sơ trễ hạn", "Case late"),
        NcSources.StepLate => ("Bước xử lý trễ hạn", "Step late"),
        NcSources.ApologyMissing => ("Không có văn bản xin lỗi", "Apology missing"),
        NcSources.ApologyLate => ("Xin lỗi muộn hoặc lặp lại", "Apology late or repeated"),
        NcSources.ReceivedOutsideSystem => ("Tiếp nhận ngoài hệ thống", "Received outside the system"),
        NcSources.LowSatisfaction => ("Người dân không hài lòng", "Low satisfaction"),
        NcSources.AuditFinding => ("Phát hiện đánh giá nội bộ", "Audit finding"),
        NcSources.Complaint => ("Phản ánh, khiếu nại", "Complaint"),
        NcSources.Manual => ("Ghi nhận khác", "Other"),
        _ => (source, source),
    };

    public static (string Vi, string En) Severity(string severity) => severity switch
    {
        Severities.Major => ("Nghiêm trọng", "Major"),
        Severities.Minor => ("Nhẹ", "Minor"),
        _ => (severity, severity),
    };

    public static (string Vi, string En) Status(string status) => status switch
    {
        RecordStatuses.Open => ("Đang mở", "Open"),
        RecordStatuses.Closed => ("Đã đóng", "Closed"),
        _ => (status, status),
    };
}
