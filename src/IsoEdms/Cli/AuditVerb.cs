using System.CommandLine;
using System.Text.Json;
using IsoEdms.Audit;
using IsoEdms.Monitoring;

namespace IsoEdms.Cli;

/// <summary><c>audit history|case|export|conformance|verify</c>: what auditors replay and check.</summary>
public static class AuditVerb
{
    public static Command Build(CliContext cli) =>
        new("audit", "auditors: history, a case as of a moment, conformance to the procedure, integrity")
            { History(cli), AsOf(cli), AuditExportVerb.Build(cli), Conformance(cli), Verify(cli) };

    private static Argument<string> Code() => new("CODE") { Description = "a dossier code or case id" };

    /// <summary>The case a code or id names, or null after saying on standard error that there is none.</summary>
    public static async Task<Guid?> ResolveAsync(CliContext cli, IQuerySession q, string code, CancellationToken ct)
    {
        var (id, error, _) = await CaseAudit.ResolveAsync(q, code, ct);
        if (id is null) cli.Err.WriteLine($"isoedms audit: {error}");
        return id;
    }

    private static Command History(CliContext cli)
    {
        var code = Code();
        var json = CommonOptions.Flag("--json", "JSON instead of a table");
        var command = new Command("history", "every event of a case: who, when (business and recorded time), where") { code, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            if (await ResolveAsync(cli, q, parse.GetRequiredValue(code), ct) is not { } id) return 1;
            var history = await CaseAudit.HistoryAsync(q, id, ct);
            if (parse.GetValue(json)) { cli.Out.WriteLine(JsonSerializer.Serialize(history, ApiJson.Options)); return 0; }
            cli.Out.WriteLine(Ui.L.T($"{parse.GetValue(code)}: {history.Count} sự kiện, phiên bản quy trình {(history.Count > 0 ? history[0].ProcedureVersion : null)}; giờ UTC (nghiệp vụ | ghi nhận)", $"{parse.GetValue(code)}: {history.Count} event(s), procedure version {(history.Count > 0 ? history[0].ProcedureVersion : null)}; times in UTC (business | recorded)"));
            foreach (var h in history)
                cli.Out.WriteLine($"{h.Version,4} #{h.Sequence,-7} {h.At:yyyy-MM-dd HH:mm:ss} | {h.RecordedAt:yyyy-MM-dd HH:mm:ss}  {h.Type,-28} {h.By,-20} {h.Unit ?? "-",-18} {Ui.L.T("người ghi", "stored by")} {h.StoredBy ?? "-"}  corr {h.CorrelationId ?? "-"}");
            return 0;
        });
        return command;
    }

    private static Command AsOf(CliContext cli)
    {
        var code = Code();
        var asOf = CommonOptions.Instant("--as-of", "the business moment (ISO 8601 with offset)");
        var version = CommonOptions.Count("--version", "the case's event version instead of a moment");
        var json = CommonOptions.Flag("--json", "JSON instead of text");
        var command = new Command("case", "a case as it stood at a moment or a version") { code, asOf, version, json };
        command.SetAction(async (parse, ct) =>
        {
            var (at, v) = (parse.GetValue(asOf), parse.GetValue(version));
            if (at is null && v is null) throw new UsageException("give --as-of ISO-8601 (business time) or --version N");
            await using var store = await cli.OpenStoreAsync();
            await using var q = store.QuerySession();
            if (await ResolveAsync(cli, q, parse.GetRequiredValue(code), ct) is not { } id) return 1;
            var view = await CaseAudit.AsOfAsync(q, id, at, v, ct);
            if (view is null) { cli.Err.WriteLine(Ui.L.T($"isoedms audit: hồ sơ chưa được tiếp nhận vào lúc {at:O}", $"isoedms audit: the case was not received by {at:O}")); return 1; }
            if (parse.GetValue(json)) { cli.Out.WriteLine(JsonSerializer.Serialize(view, ApiJson.Options)); return 0; }
            var o = cli.Out;
            var moment = at is { } x ? x.ToString("O") : Ui.L.T($"phiên bản {v}", $"version {v}");
            o.WriteLine(Ui.L.T($"{view.Code} tại {moment}: phiên bản {view.Version}, {view.Status}", $"{view.Code} as of {moment}: version {view.Version}, {view.Status}"));
            o.WriteLine(Ui.L.T($"  bước {view.CurrentStep ?? "-"} tại {view.CurrentUnit ?? "-"}, người giữ {view.Holder ?? "-"}, hạn bước {view.StepDue:yyyy-MM-dd HH:mm}Z",
                $"  step {view.CurrentStep ?? "-"} at {view.CurrentUnit ?? "-"}, held by {view.Holder ?? "-"}, step due {view.StepDue:yyyy-MM-dd HH:mm}Z"));
            var suspended = view.SuspendedFor is null ? Ui.L.T("không", "no") : Ui.L.T($"vì {view.SuspendedFor} từ {view.SuspendedSince:yyyy-MM-dd HH:mm}Z", $"for {view.SuspendedFor} since {view.SuspendedSince:yyyy-MM-dd HH:mm}Z");
            var apology = view.NewAppointment is null ? Ui.L.T("không", "none")
                : Ui.L.T($"hẹn mới {view.NewAppointment:yyyy-MM-dd HH:mm}Z{(view.ApologyLate == true ? " (muộn)" : "")}", $"new appointment {view.NewAppointment:yyyy-MM-dd HH:mm}Z{(view.ApologyLate == true ? " (late)" : "")}");
            o.WriteLine(Ui.L.T($"  hạn hồ sơ {view.Due:yyyy-MM-dd HH:mm}Z (ngày {view.DueDate:yyyy-MM-dd}); tạm dừng: {suspended}; xin lỗi: {apology}",
                $"  case due {view.Due:yyyy-MM-dd HH:mm}Z (date {view.DueDate:yyyy-MM-dd}); suspended {suspended}; apology {apology}"));
            return 0;
        });
        return command;
    }

    private static Command Conformance(CliContext cli)
    {
        var unit = CommonOptions.Text("--unit", "U", "only cases this unit leads");
        var from = CommonOptions.Date("--from", "received on or after this day");
        var to = CommonOptions.Date("--to", "received on or before this day");
        var json = CommonOptions.Flag("--json", "JSON instead of text");
        var raise = CommonOptions.Flag("--raise", "raise a nonconformity for each finding not raised before");
        var command = cli.Writes(new Command("conformance", "replay cases against the procedure version they ran under") { unit, from, to, json, raise });
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await cli.OpenStoreAsync();
            await using var session = store.LightweightSession();
            var findings = await CaseAudit.ConformanceAsync(session, parse.GetValue(unit), parse.GetValue(from), parse.GetValue(to), n => cli.Err.WriteLine(Ui.L.T($"… đã kiểm tra {n} hồ sơ", $"… {n} case(s) checked")), ct);
            if (parse.GetValue(json)) cli.Out.WriteLine(JsonSerializer.Serialize(findings, ApiJson.Options));
            else
            {
                foreach (var x in findings) cli.Out.WriteLine($"{x.CaseCode} v{x.Version} {x.EventType}: {x.Kind}: {x.Detail}");
                cli.Out.WriteLine(Ui.L.T($"{findings.Count} phát hiện trong {findings.Select(x => x.CaseId).Distinct().Count()} hồ sơ", $"{findings.Count} finding(s) in {findings.Select(x => x.CaseId).Distinct().Count()} case(s)"));
            }
            if (!parse.GetValue(raise)) return 0;
            var answer = await cli.SendAsync<FindingsRaised>(new RaiseAuditFindings(parse.GetValue(unit), parse.GetValue(from), parse.GetValue(to), cli.By(parse), Scanned: findings), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms audit: {cli.Say(refused)}"); return 1; }
            cli.Err.WriteLine(Ui.L.T($"đã ghi nhận {answer.Value!.Raised} điểm không phù hợp (phát hiện đã ghi nhận trước đó không ghi lại)", $"raised {answer.Value!.Raised} nonconformity(ies) (findings raised before are not raised again)"));
            return 0;
        });
        return command;
    }

    private static Command Verify(CliContext cli)
    {
        var command = new Command("verify", "every stream's seal chain intact, every projection equal to its rebuild");
        command.SetAction(async (_, ct) =>
        {
            var (clock, e) = (cli.Clock, cli.Err);
            await using var store = await cli.OpenStoreAsync();
            var last = clock.GetTimestamp();
            var chains = await AuditVerify.VerifyChainsAsync(store, n =>
            {
                if (clock.GetElapsedTime(last).TotalSeconds < 2) return;
                last = clock.GetTimestamp();
                e.WriteLine(Ui.L.T($"… đã kiểm tra {n} sự kiện", $"… {n} event(s) checked"));
            }, ct);
            foreach (var p in chains.Problems) e.WriteLine(p);
            await using (var q = store.QuerySession())
            {
                var behind = await TimelinessReporting.EventsBehindAsync(q, ct);
                if (behind > 0)
                {
                    e.WriteLine(Ui.L.T($"audit verify: số liệu thống kê chưa tính {behind} sự kiện mới nhất; hãy kiểm tra lại khi tiến trình chiếu của ứng dụng đã theo kịp", $"audit verify: the live statistics have not seen the last {behind} event(s) yet; verify again once the app's projection daemon has caught up"));
                    return 1;
                }
            }
            var differences = await RebuildCheck.CompareAsync(cli.ConnectionString, store, m => e.WriteLine($"… {m}"), ct);
            foreach (var d in differences) e.WriteLine(d);
            if (chains.Problems.Count > 0 || differences.Count > 0)
            {
                e.WriteLine(Ui.L.T($"audit verify: {chains.Problems.Count} luồng bị sửa đổi trên {chains.Streams} ({chains.Events} sự kiện); {differences.Count} tài liệu chiếu khác với bản dựng lại",
                    $"audit verify: {chains.Problems.Count} stream(s) altered out of {chains.Streams} ({chains.Events} events); {differences.Count} projected document(s) differ from a rebuild"));
                return 1;
            }
            cli.Out.WriteLine(Ui.L.T($"ok: {chains.Events} sự kiện trong {chains.Streams} luồng, mọi chuỗi niêm phong nguyên vẹn; mọi phép chiếu bằng bản dựng lại", $"ok: {chains.Events} events in {chains.Streams} streams, every chain intact; every projection equals its rebuild"));
            return 0;
        });
        return command;
    }
}
