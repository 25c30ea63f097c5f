using System.CommandLine;

namespace IsoEdms.Cli;

/// <summary>
/// The help of the command line in Vietnamese: each verb's and sub-verb's summary (what <c>isoedms help</c> lists and
/// <c>--help</c> shows), keyed by its English summary, which the verb files declare. A test walks every command and
/// requires its Vietnamese here, so a new or reworded verb cannot slip through in English.
/// </summary>
public static class HelpWords
{
    public static readonly IReadOnlyDictionary<string, string> Vietnamese = new Dictionary<string, string>
    {
        ["the head of the audited unit accepts the audit's report"] = "thủ trưởng đơn vị được đánh giá chấp nhận báo cáo đánh giá",
        ["plan an action on a risk"] = "lập kế hoạch hành động xử lý một rủi ro",
        ["create the event store's schema in the tenant's database and register it (again with the same database: nothing changes)"] = "tạo lược đồ kho sự kiện trong cơ sở dữ liệu của tenant và đăng ký nó (làm lại với cùng cơ sở dữ liệu: không thay đổi gì)",
        ["put a risk or opportunity on the register"] = "ghi một rủi ro hoặc cơ hội vào sổ đăng ký",
        ["a head approves the year's programme: the audits planned to start in it"] = "lãnh đạo phê duyệt chương trình đánh giá của năm: các cuộc đánh giá dự kiến bắt đầu trong năm",
        ["every open step with the share of its budget used, its state and the probability that its case ends late"] = "mọi bước đang mở với phần thời gian đã dùng, tình trạng và xác suất hồ sơ bị trễ hạn",
        ["the internal audit programme: propose, plan, check, record findings, accept and print reports"] = "chương trình đánh giá nội bộ: đề xuất, lập kế hoạch, kiểm tra, ghi phát hiện, chấp nhận và in báo cáo",
        ["a consistent copy of the whole store (pg_dump) and its SHA-256 in FILE.sha256"] = "bản sao nhất quán của toàn bộ kho dữ liệu (pg_dump) và mã SHA-256 của nó trong TỆP.sha256",
        ["benchmarks side by side (runs tests/IsoEdms.Benchmarks from a source checkout)"] = "đo hiệu năng song song (chạy tests/IsoEdms.Benchmarks từ mã nguồn)",
        ["check, publish and list working calendars"] = "kiểm tra, ban hành và liệt kê lịch làm việc",
        ["a case as it stood at a moment or a version"] = "một hồ sơ như ở một thời điểm hoặc một phiên bản",
        ["the audit's checklist: a question per step of each procedure in scope, and a sample of dossiers replayed"] = "danh mục kiểm tra của cuộc đánh giá: một câu hỏi cho mỗi bước của từng quy trình trong phạm vi, và một mẫu hồ sơ được dựng lại",
        ["an action of a review done, with its evidence"] = "một hành động của cuộc họp xem xét đã hoàn thành, kèm bằng chứng",
        ["replay cases against the procedure version they ran under"] = "đối chiếu hồ sơ với phiên bản quy trình đã áp dụng",
        ["the corrective actions and their effectiveness"] = "các hành động khắc phục và hiệu lực của chúng",
        ["plan an internal audit (ISO 9001:2015, 9.2) and print its id"] = "lập kế hoạch một cuộc đánh giá nội bộ (ISO 9001:2015, 9.2) và in mã của nó",
        ["compute a due instant on the official calendar"] = "tính thời hạn theo lịch làm việc chính thức",
        ["write deterministic demo dossiers in the import format"] = "tạo hồ sơ trình diễn (xác định) theo định dạng nhập",
        ["give everyone without a password the documented demo password (demo data only)"] = "đặt mật khẩu trình diễn cho mọi người chưa có mật khẩu (chỉ cho dữ liệu trình diễn)",
        ["what changed between two published versions"] = "những gì thay đổi giữa hai phiên bản đã ban hành",
        ["an action on a risk done, with its evidence"] = "một hành động xử lý rủi ro đã hoàn thành, kèm bằng chứng",
        ["erase the applicant's name, ID number, phone and address from a case"] = "xóa họ tên, số định danh, điện thoại và địa chỉ của người nộp khỏi một hồ sơ",
        ["one case's record (JSON or HTML), or a unit's cases of a period (JSON lines)"] = "hồ sơ lưu của một hồ sơ (JSON hoặc HTML), hoặc các hồ sơ của một đơn vị trong một kỳ (JSON theo dòng)",
        ["record a finding of an audit (its lead or team); a major or minor one is also a nonconformity"] = "ghi một phát hiện đánh giá (trưởng đoàn hoặc thành viên); phát hiện nặng hoặc nhẹ cũng là một điểm không phù hợp",
        ["the lead auditor follows a nonconformity of the audit up, after the report is accepted"] = "trưởng đoàn theo dõi một điểm không phù hợp của cuộc đánh giá sau khi báo cáo được chấp nhận",
        ["a case's printed form (01 receipt, 02 supplement, 03 refusal, 04 apology, 05 stop, 06 control slip), or the register (07)"] = "biểu mẫu in của một hồ sơ (01 tiếp nhận, 02 bổ sung, 03 từ chối, 04 xin lỗi, 05 dừng, 06 phiếu kiểm soát), hoặc sổ theo dõi (07)",
        ["write demo dossiers on the published procedures, calendar and organisation"] = "tạo hồ sơ trình diễn theo các quy trình, lịch và tổ chức đã ban hành",
        ["list the verbs and how to call them"] = "liệt kê các lệnh và cách gọi",
        ["every event of a case: who, when (business and recorded time), where"] = "mọi sự kiện của một hồ sơ: ai, khi nào (thời điểm nghiệp vụ và thời điểm ghi), ở đâu",
        ["record a management review once held: its inputs (the pack of its period, now) are frozen in it; prints its id"] = "ghi cuộc họp xem xét của lãnh đạo đã tổ chức: đầu vào (bộ số liệu của kỳ, tại thời điểm này) được cố định trong đó; in mã của nó",
        ["import dossiers handled in other software (one JSON object per line)"] = "nhập hồ sơ đã giải quyết trên phần mềm khác (mỗi dòng một đối tượng JSON)",
        ["every objective with its measure month by month"] = "mọi mục tiêu cùng số đo từng tháng",
        ["every tenant with its database (host, port and name), the home database first as 'default'"] = "mọi tenant cùng cơ sở dữ liệu (máy, cổng và tên), cơ sở dữ liệu chính đứng đầu với tên 'default'",
        ["the published calendars, their years and revisions"] = "các lịch đã ban hành, các năm và lần sửa",
        ["the published procedures and their versions"] = "các quy trình đã ban hành và các phiên bản",
        ["the register, highest score first"] = "sổ đăng ký, điểm cao nhất trước",
        ["units with the people assigned to them now"] = "các đơn vị cùng người đang được phân công",
        ["load units, people and their roles over time (all or nothing)"] = "nạp đơn vị, con người và vai trò theo thời gian (nạp hết hoặc không nạp gì)",
        ["the review's minutes in Vietnamese (biên bản họp xem xét của lãnh đạo): HTML or PDF"] = "biên bản họp xem xét của lãnh đạo: HTML hoặc PDF",
        ["the nonconformity register, counted per unit or person"] = "sổ theo dõi sự không phù hợp, đếm theo đơn vị hoặc người",
        ["quality objectives (ISO 9001:2015, 6.2): set them, measure them"] = "mục tiêu chất lượng (ISO 9001:2015, 6.2): đặt và đo lường",
        ["load the organisation (units, people, roles over time) from processes/org"] = "nạp cơ cấu tổ chức (đơn vị, con người, vai trò theo thời gian) từ processes/org",
        ["the inputs of a management review (ISO 9001:2015, 9.3.2), assembled from the reports of the period"] = "đầu vào của cuộc họp xem xét của lãnh đạo (ISO 9001:2015, 9.3.2), tổng hợp từ các báo cáo của kỳ",
        ["set one person's password (read from standard input)"] = "đặt mật khẩu của một người (đọc từ đầu vào chuẩn)",
        ["erase an applicant's personal data from a case (the erasure is recorded; the chain still verifies)"] = "xóa dữ liệu cá nhân của người nộp khỏi một hồ sơ (việc xóa được ghi lại; chuỗi niêm phong vẫn kiểm tra được)",
        ["check, publish and read versioned procedure definitions"] = "kiểm tra, ban hành và đọc các phiên bản quy trình",
        ["rebuild projections from the events (all of them by default); stop the app first"] = "dựng lại các phép chiếu từ sự kiện (mặc định tất cả); hãy dừng ứng dụng trước",
        ["procedures at units whose late rate or nonconformities rose three months running"] = "các quy trình tại đơn vị có tỷ lệ trễ hạn hoặc số điểm không phù hợp tăng ba tháng liền",
        ["the yearly audit programme the data proposes: a unit each, its three procedures most in need of an audit"] = "chương trình đánh giá năm do số liệu đề xuất: mỗi đơn vị ba quy trình cần đánh giá nhất",
        ["publish survey templates, all or nothing"] = "ban hành mẫu phiếu khảo sát (ban hành hết hoặc không gì)",
        ["rebuild projections from the events; stop the app first"] = "dựng lại các phép chiếu từ sự kiện; hãy dừng ứng dụng trước",
        ["form 07: the register of the dossiers a unit received, numbered in each year"] = "mẫu 07: sổ theo dõi hồ sơ đơn vị đã tiếp nhận, đánh số theo từng năm",
        ["the audit's report in Vietnamese (báo cáo đánh giá nội bộ): HTML or PDF"] = "báo cáo đánh giá nội bộ: HTML hoặc PDF",
        ["restore a backup into the empty database that ISOEDMS_DB names (its hash checked first); then run 'audit verify'"] = "khôi phục bản sao vào cơ sở dữ liệu trống do ISOEDMS_DB chỉ ra (kiểm tra mã băm trước); sau đó chạy 'audit verify'",
        ["withdraw a published version (no new case may start on it)"] = "bãi bỏ một phiên bản đã ban hành (không hồ sơ mới nào được bắt đầu theo phiên bản đó)",
        ["management review: the inputs of a period, the review held, its actions and minutes, the yearly documents"] = "xem xét của lãnh đạo: đầu vào của kỳ, cuộc họp đã tổ chức, các hành động và biên bản, hồ sơ năm",
        ["review the effectiveness of a risk's actions and rate it again"] = "xem xét hiệu lực các hành động xử lý rủi ro và đánh giá lại",
        ["risks and opportunities (ISO 9001:2015, 6.1): the register, its actions and reviews, and proposals from the data"] = "rủi ro và cơ hội (ISO 9001:2015, 6.1): sổ đăng ký, hành động, xem xét và đề xuất từ số liệu",
        ["set or revise a quality objective"] = "đặt hoặc sửa một mục tiêu chất lượng",
        ["one published version: its steps, budgets and routes"] = "một phiên bản đã ban hành: các bước, thời gian và đường đi",
        ["publish citizen satisfaction survey templates (processes/surveys)"] = "ban hành mẫu phiếu khảo sát sự hài lòng của người dân (processes/surveys)",
        ["early, on time and late, counted in working time on the official calendar"] = "trước hạn, đúng hạn và quá hạn, tính theo thời gian làm việc trên lịch chính thức",
        ["sign-in passwords: set one person's, or give everyone without one the documented demo password"] = "mật khẩu đăng nhập: đặt cho một người, hoặc đặt mật khẩu trình diễn cho mọi người chưa có",
        ["every stream's seal chain intact, every projection equal to its rebuild"] = "chuỗi niêm phong của mọi luồng nguyên vẹn, mọi phép chiếu bằng bản dựng lại",
        ["check procedure files (with the calendars and organisation they refer to)"] = "kiểm tra tệp quy trình (cùng lịch và tổ chức mà chúng dẫn chiếu)",
        ["publish procedure files, all or nothing (a published version never changes)"] = "ban hành tệp quy trình, hết hoặc không gì (phiên bản đã ban hành không bao giờ thay đổi)",
        ["check calendar files"] = "kiểm tra tệp lịch",
        ["publish calendar years (a revised year becomes a new revision)"] = "ban hành lịch các năm (năm được sửa thành lần sửa mới)",
        ["the statistics: timeliness, cases at risk, nonconformities, corrective actions"] = "số liệu thống kê: đúng hạn, hồ sơ có nguy cơ trễ, sự không phù hợp, hành động khắc phục",
        ["auditors: history, a case as of a moment, conformance to the procedure, integrity"] = "dành cho đánh giá viên: lịch sử, hồ sơ tại một thời điểm, sự phù hợp với quy trình, tính toàn vẹn",
        ["the tenants (a province or another deploying authority), each with a database of its own"] = "các tenant (tỉnh hoặc cơ quan triển khai khác), mỗi tenant một cơ sở dữ liệu riêng",
        ["the year's documents for the Department of Science and Technology, filled from the data: HTML or PDF"] = "hồ sơ năm gửi Sở Khoa học và Công nghệ, điền từ số liệu: HTML hoặc PDF",
    };

    /// <summary>Gives every command under <paramref name="root"/> its Vietnamese summary when the run speaks Vietnamese.</summary>
    public static void Apply(Command root)
    {
        if (Ui.L.En) return;
        root.Description = CommandLine.RootDescription();
        foreach (var c in All(root).Skip(1))
            if (c.Description is { } en && Vietnamese.TryGetValue(en, out var vi)) c.Description = vi;
    }

    /// <summary>Every command of the tree, the root included.</summary>
    public static IEnumerable<Command> All(Command root) => new[] { root }.Concat(root.Subcommands.SelectMany(All));
}
