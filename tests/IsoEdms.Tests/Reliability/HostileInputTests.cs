using System.Text;
using Alba;
using IsoEdms.Cases;
using IsoEdms.Cases.Working;
using IsoEdms.Tests.Cases;
using Marten;

namespace IsoEdms.Tests.Reliability;

/// <summary>
/// Inputs mutated from valid ones (truncations, wrong types, huge strings, invalid Unicode, deep nesting, SQL and
/// script text): never a 500, never a stack trace in the answer, never a partial write. And contention on one step.
/// </summary>
public class HostileInputTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private readonly CaseApi _api = new(seeded.App);

    private static readonly string[] Payloads =
    [
        "'; DROP TABLE isoedms.mt_events; --", "<script>alert('xss')</script>", "\" OR 1=1 --", "${jndi:ldap://x}", "../../etc/passwd",
        new string('Đ', 100_000), "", " ", "\u0000", "null",
    ];

    /// <summary>Mutations of one valid JSON text, deterministic for a seed.</summary>
    private static IEnumerable<byte[]> Mutations(string valid, int seed, int count)
    {
        var random = new Random(seed);
        byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < count; i++)
        {
            switch (i % 8)
            {
                case 0: yield return Utf8(valid[..random.Next(valid.Length)]); break;                                       // truncated
                case 1: yield return Utf8(ReplaceValue(valid, random, random.Next(3) switch { 0 => "123", 1 => "[1,2]", _ => "{\"x\":true}" })); break;   // wrong type
                case 2: yield return Utf8(ReplaceValue(valid, random, System.Text.Json.JsonSerializer.Serialize(Payloads[random.Next(Payloads.Length)]))); break;
                case 3: yield return Utf8(ReplaceValue(valid, random, "\"\\ud800\\udfff\\ud800\"")); break;               // lone surrogates
                case 4:
                    var bytes = Utf8(valid);
                    bytes[random.Next(bytes.Length)] = (byte)(0x80 + random.Next(0x40));                                   // invalid UTF-8
                    yield return bytes;
                    break;
                case 5: yield return Utf8(new string('[', 2000 + i) + new string(']', 2000 + i)); break;                   // deep nesting
                case 6: yield return Utf8(ReplaceValue(valid, random, new string('[', 500) + new string(']', 500))); break;
                default: yield return Utf8(ReplaceValue(valid, random, $"\"{new string('x', 1_000_000)}\"")); break;       // huge string
            }
        }
    }

    private static byte[] ReplaceBytes(byte[] body, string from, string to)
    {
        var f = Encoding.UTF8.GetBytes(from);
        var at = body.AsSpan().IndexOf(f);
        return at < 0 ? body : [.. body[..at], .. Encoding.UTF8.GetBytes(to), .. body[(at + f.Length)..]];
    }

    private static string ReplaceValue(string json, Random random, string value)
    {
        var colons = Enumerable.Range(0, json.Length).Where(i => json[i] == ':').ToList();
        if (colons.Count == 0) return value;
        var at = colons[random.Next(colons.Count)] + 1;
        var end = at;
        var depth = 0;
        var inString = false;
        for (; end < json.Length; end++)
        {
            var c = json[end];
            if (inString) { if (c == '\\') end++; else if (c == '"') inString = false; continue; }
            if (c == '"') inString = true;
            else if (c is '{' or '[') depth++;
            else if (c is '}' or ']') { if (depth == 0) break; depth--; }
            else if (c == ',' && depth == 0) break;
        }
        return json[..at] + value + json[end..];
    }

    private async Task<int> Send(string method, string url, byte[] body, string contentType = "application/json")
    {
        var r = await seeded.App.Host.Scenario(s =>
        {
            if (method == "POST") s.Post.ByteArray(body).ToUrl(url); else s.Get.Url(url);
            s.WithRequestHeader("Content-Type", contentType);
            s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
            s.IgnoreStatusCode();
        });
        var status = r.Context.Response.StatusCode;
        var text = await r.ReadAsTextAsync();
        status.ShouldBeLessThan(500, $"{method} {url} with {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)])}: {text[..Math.Min(text.Length, 500)]}");
        text.ShouldNotContain("   at ");
        text.ShouldNotContain("Exception");
        return status;
    }

    private async Task<int> CaseCount()
    {
        await using var q = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await q.Query<CaseDetails>().CountAsync();
    }

    [Fact]
    public async Task two_thousand_mutated_inputs_never_break_the_server_or_write_half()
    {
        _api.NextWorkingDay(8);
        var live = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var before = await CaseCount();
        var created = 0;
        var inputs = 0;

        var receive = """{"procedure":"chung-thuc.hop-dong-dat","receiving_unit":"xa-quang-dien","applicant":{"name":"Trần Thị Bình","id_number":"046190000123"},"components":["Hợp đồng"],"idempotency_key":"K"}""";
        var k = 0;
        foreach (var body in Mutations(receive, 1, 600))
        {
            // a fresh idempotency key per input, replaced byte for byte so invalid UTF-8 elsewhere stays as it is
            if (await Send("POST", "/api/cases", ReplaceBytes(body, "\"K\"", $"\"hostile-{k++}\"")) == 201) created++;
            inputs++;
        }
        var commands = new (string Url, string Body)[]
        {
            ($"/api/cases/{live.Id}/steps/receive/complete", $$"""{"version":{{live.Version}},"outcome":null}"""),
            ($"/api/cases/{live.Id}/suspend", $$"""{"version":{{live.Version}},"reason":"supplement","items":["Bản sao"],"note":"x"}"""),
            ($"/api/cases/{live.Id}/apology", $$"""{"version":{{live.Version}},"reason":"Chờ","new_due":"2027-01-05T17:00:00+07:00","approved_by":"tran-van-binh"}"""),
            ($"/api/cases/{live.Id}/transfer", $$"""{"version":{{live.Version}},"to_unit":"xa-dan-dien","reason":"x"}"""),
            ("/api/nonconformities", """{"source":"complaint","severity":"minor","unit":"xa-quang-dien","description":"Khiếu nại"}"""),
            ("/api/ratings", $$"""{"code":"{{live.Code}}","template":"hai-long-tthc","scores":{"cong-khai":5},"comment":"x","secret":"ABCD-EFGH"}"""),
        };
        var seed = 2;
        foreach (var (url, valid) in commands)
            foreach (var body in Mutations(valid, seed++, 200)) { await Send("POST", url, body); inputs++; }

        var line = """{"code":"XQD-2026-990001","procedure":"chung-thuc.ban-sao","version":1,"receiving_unit":"xa-quang-dien","applicant":{"name":"Trần Thị Bình"},"received_at":"2026-03-02T08:00:00+07:00","received_by":"nguyen-van-an","received_in_system":true,"events":[{"type":"step_completed","step":"receive","by":"nguyen-van-an","at":"2026-03-02T08:40:00+07:00"}]}""";
        foreach (var body in Mutations(line, 40, 300)) { await Send("POST", "/api/import", body, "application/x-ndjson"); inputs++; }

        var procedure = File.ReadAllText(Path.Combine(Cli.Processes("procedures"), "ho-tich.khai-sinh", "v1.yaml")).Replace("version: 1", "version: 2");
        var upload = System.Text.Json.JsonSerializer.Serialize(new { files = new[] { new { path = "procedures/ho-tich.khai-sinh/v2.yaml", content = procedure } }, dry_run = true });
        foreach (var body in Mutations(upload, 41, 150)) { await Send("POST", "/api/procedures/publish", body); inputs++; }
        var random = new Random(42);
        for (var i = 0; i < 150; i++)
        {
            var payload = Payloads[random.Next(Payloads.Length)];
            var yaml = procedure[..random.Next(procedure.Length)] + payload[..Math.Min(200, payload.Length)];
            await Send("POST", "/api/procedures/publish", Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
                new { files = new[] { new { path = "procedures/ho-tich.khai-sinh/v2.yaml", content = yaml } }, dry_run = true })));
            inputs++;
        }

        inputs.ShouldBeGreaterThanOrEqualTo(2000);
        (await CaseCount()).ShouldBe(before + created + (await ImportedFromHostileLines()));
        (await _api.Details(live.Id)).Version.ShouldBeGreaterThanOrEqualTo(live.Version);
        (await _api.Details(live.Id)).Rating.ShouldBeNull();   // no mutated rating got through without the case's secret
        var verify = await Cli.RunAsync(seeded.App.ConnectionString, "audit", "verify");
        verify.Err.ShouldNotContain("altered out of");
    }

    private async Task<int> ImportedFromHostileLines()
    {
        await using var q = seeded.App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await q.Query<CaseDetails>().CountAsync(x => x.Code.StartsWith("XQD-2026-99"));
    }

    [Fact]
    public async Task fifty_concurrent_completions_of_one_step_store_one_event()
    {
        _api.NextWorkingDay(9);
        var c = await _api.Receive("chung-thuc.hop-dong-dat", "xa-quang-dien", "nguyen-van-an");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            var r = await seeded.App.Host.Scenario(s =>
            {
                s.Post.Json(new CompleteStep(c.Version, null)).ToUrl($"/api/cases/{c.Id}/steps/receive/complete");
                s.WithRequestHeader("Authorization", seeded.App.Bearer("nguyen-van-an"));
                s.IgnoreStatusCode();
            });
            return r.Context.Response.StatusCode;
        }));
        statuses.Count(s => s is >= 200 and < 300).ShouldBe(1);
        statuses.Count(s => s == 409).ShouldBe(49);
        (await _api.Details(c.Id)).Timeline.Count(t => t.Event == "step_completed").ShouldBe(1);
    }
}
