using System.Text;
using System.Text.Json.Nodes;
using IsoEdms.Domain.Audit;
using IsoEdms.Domain.Cases;
using IsoEdms.Domain.Documents;
using static IsoEdms.Domain.Tests.Cases.Shipped;

namespace IsoEdms.Domain.Tests.Audit;

/// <summary>
/// The seal's canonical JSON must stay byte for byte what it was when the stored events were sealed, or every stored chain
/// would break. It is written straight from the serialised data now; the reference here is the first way it was built
/// (through a JSON node tree re-parsed value by value), kept only as the oracle.
/// </summary>
public class EventChainTests
{
    private static string ByNodes(object data) => Sort(JsonNode.Parse(Canonical.ToJson(data)))?.ToJsonString(Canonical.Json) ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        JsonValue v => JsonNode.Parse(v.ToJsonString()),
        _ => null,
    };

    private sealed record Odd(string Text, string? Nothing, double Ratio, decimal Money, long Big, bool Flag, int[] Numbers,
        Dictionary<string, string> ByKey, List<Odd> Children, DateTimeOffset At, DateOnly Day);

    /// <summary>Data without a dictionary comes out of the serializer already sorted: the direct way, checked against the oracle too.</summary>
    private sealed record Plain(string Zulu, string? Alpha, double Ratio, decimal Money, int[] Numbers, List<Plain> Children, object? Anything,
        DateTimeOffset At, DateOnly Day, CaseStatus Status, string a_lower, string B_upper);

    public static TheoryData<string> Texts() =>
    [
        "Lê Văn Tám, xã Quảng Điền",
        "quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007",
        "<script>&amp;'</script>",
        "emoji 🏛️ and surrogate \ud83d\ude00, combining a\u0301",
        "",
        "Ω≈ç√ ½ ¾ \u2028 \u2029",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_sorted_json_is_what_the_node_tree_gave(string text)
    {
        var inner = new Odd("inner " + text, text, 1e-7, 12.50m, long.MaxValue, false, [], new(), [], DateTimeOffset.UnixEpoch, DateOnly.MinValue);
        var odd = new Odd(text, null, 0.1 + 0.2, 1234567.891m, -42, true, [3, 1, 2],
            new() { ["zeta"] = text, ["Alpha"] = "a", ["alpha"] = "b", ["ä"] = "c", ["_"] = "d" }, [inner, inner],
            new DateTimeOffset(2026, 11, 30, 8, 15, 30, 123, TimeSpan.FromHours(7)), new DateOnly(2026, 2, 17));

        EventChain.SortedJson(odd).ShouldBe(ByNodes(odd));
        EventChain.SortedJson(text).ShouldBe(ByNodes(text));

        var leaf = new Plain(text, null, 1e-7, 0.1m, [], [], null, DateTimeOffset.UnixEpoch, DateOnly.MinValue, CaseStatus.InProgress, text, "");
        var plain = new Plain(text, text, 0.1 + 0.2, 1234567.891m, [3, 1, 2], [leaf, leaf], new { zeta = text, alpha = 1, Mid = leaf },
            new DateTimeOffset(2026, 11, 30, 8, 15, 30, 123, TimeSpan.FromHours(7)), new DateOnly(2026, 2, 17), CaseStatus.Delivered, "x", text);
        EventChain.SortedJson(plain).ShouldBe(ByNodes(plain));
        Encoding.UTF8.GetString(EventChain.SortedByParsing(plain, [])).ShouldBe(ByNodes(plain));
    }

    [Fact]
    public void Keys_already_in_order_and_keys_out_of_order_give_the_oracle_s_bytes()
    {
        // ordinal order of UTF-16: "A" < "_" < "a" < "z" < "ä", and a surrogate pair (😀) before U+FF21 (Ａ), which UTF-8 puts the other way
        Dictionary<string, int>[] cases =
        [
            new() { ["Alpha"] = 1, ["_"] = 2, ["alpha"] = 3, ["zeta"] = 4, ["ä"] = 5 },
            new() { ["zeta"] = 4, ["ä"] = 5, ["Alpha"] = 1 },
            new() { ["😀"] = 1, ["Ａ"] = 2 },
            new() { ["Ａ"] = 2, ["😀"] = 1 },
            new() { ["a\"b"] = 1, ["a\u0001"] = 2, ["b"] = 3 },
            new() { ["b"] = 3, ["a\"b"] = 1 },
        ];
        foreach (var keys in cases)
        {
            EventChain.SortedJson(keys).ShouldBe(ByNodes(keys));
            EventChain.SortedJson(new { nested = new[] { keys }, z = keys }).ShouldBe(ByNodes(new { nested = new[] { keys }, z = keys }));
        }
    }

    [Fact]
    public void A_receipt_seals_as_before_with_its_personal_data_left_out()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var salt = "c2FsdC1mb3ItdGhlLXRlc3Q";
        var r = CaseDecider.Receive(Guid.NewGuid(), new ReceiveCase("XQD-2026-000077", "xa-quang-dien", null,
            new Applicant("Trần Thị \"Bé\" Ngọc", "046123456789", "0905 123 456", "12/3 Lê Lợi, Huế"), ["Hợp đồng", "CCCD"], PersonalSalt: salt),
            ctx, "nguyen-van-an", Local(2026, 3, 2, 8));
        r.Error.ShouldBeNull();
        var received = r.Events.OfType<CaseReceived>().Single();
        received.PersonalCommitment.ShouldNotBeNull();

        // the seal as it was computed before: the node tree without the personal properties and the salt
        var json = JsonNode.Parse(Canonical.ToJson((object)received))!.AsObject();
        foreach (var name in PersonalData.PropertiesOf(typeof(CaseReceived)).Append(PersonalData.SaltProperty)) json.Remove(name);
        var streamId = Guid.NewGuid();
        var before = Canonical.Sha256($"\n{streamId:N}\n1\n{nameof(CaseReceived)}\nimporter\n{Sort(json)!.ToJsonString(Canonical.Json)}");

        EventChain.Seal(null, streamId, 1, received, "importer").ShouldBe(before);
        foreach (var e in r.Events.Skip(1))
            EventChain.SortedJson(e).ShouldBe(ByNodes(e));
    }

    /// <summary>The commitment as it was first computed: the whole event's JSON parsed, its personal properties cut out, sorted.</summary>
    private static string CommitByNodes(string salt, object data)
    {
        var json = JsonNode.Parse(Canonical.ToJson(data))!.AsObject();
        var personal = new JsonObject(PersonalData.PropertiesOf(data.GetType()).Select(n => KeyValuePair.Create(n, json[n]?.DeepClone())));
        return Canonical.Sha256($"{salt}\n{EventChain.SortedJson(personal)}");
    }

    [Fact]
    public void A_receipts_commitment_to_its_personal_data_is_what_it_was()
    {
        var ctx = Context("chung-thuc.hop-dong-dat");
        var applicants = new[]
        {
            new Applicant("Trần Thị \"Bé\" Ngọc", "046123456789", "0905 123 456", "12/3 Lê Lợi, Huế"),
            new Applicant("Nguyễn Văn A"),
            new Applicant("Lê <b>&amp;</b> 'x' \\ \t tab \u0001 ctl", null, "+84905123456", null, "a.b@example.vn"),
            new Applicant("😀 Ω ß 中文 \u2028 sep", "", "", "", ""),
            new Applicant(new string('x', 300), "0", null, new string('ạ', 500), null),
        };
        foreach (var (applicant, i) in applicants.Select((a, i) => (a, i)))
        {
            var salt = $"salt-{i}";
            var r = CaseDecider.Receive(Guid.NewGuid(), new ReceiveCase($"XQD-2026-{i + 1:000000}", "xa-quang-dien", null, applicant, [], PersonalSalt: salt),
                ctx, "nguyen-van-an", Local(2026, 3, 2, 8));
            r.Error.ShouldBeNull();
            var received = r.Events.OfType<CaseReceived>().Single();
            received.PersonalCommitment.ShouldBe(CommitByNodes(salt, received), applicant.Name);
            PersonalData.Problem(received).ShouldBeNull();
            PersonalData.Problem(received with { Applicant = applicant with { Name = applicant.Name + "." } }).ShouldNotBeNull();
        }
    }

    private abstract record Shape(string Name);
    private sealed record Square(string Name, double Side) : Shape(Name);
    private readonly record struct Point(int Y, int X);
    private sealed record Nested(string Zulu, IReadOnlyList<Plainest> Items, Point? Where, Applicant Who, CaseStatus Status);
    private sealed record Plainest(string B, string A);
    private sealed record WithShape(Shape Shape);
    private sealed record WithDictionaryInside(List<Dictionary<string, int>> Rows);
    private sealed record WithJson(System.Text.Json.JsonElement Extra);

    [Fact]
    public void Only_data_the_contract_always_writes_in_order_skips_the_check()
    {
        // records, lists, nullable structs, enums, dates: every object's keys ordered by the contract
        EventChain.OrderedByContract(typeof(Nested), Canonical.Json).ShouldBeTrue();
        EventChain.OrderedByContract(typeof(StepCompleted), Canonical.Json).ShouldBeTrue();
        EventChain.OrderedByContract(typeof(CaseReceived), Canonical.Json).ShouldBeTrue();
        // keys that come from the data, or a shape decided when it is written: checked after writing
        EventChain.OrderedByContract(typeof(Plain), Canonical.Json).ShouldBeFalse();                // object
        EventChain.OrderedByContract(typeof(Odd), Canonical.Json).ShouldBeFalse();                  // a dictionary
        EventChain.OrderedByContract(typeof(WithDictionaryInside), Canonical.Json).ShouldBeFalse(); // a dictionary in a list
        EventChain.OrderedByContract(typeof(WithShape), Canonical.Json).ShouldBeFalse();            // abstract
        EventChain.OrderedByContract(typeof(WithJson), Canonical.Json).ShouldBeFalse();             // JSON held as data
        EventChain.OrderedByContract(typeof(Dictionary<string, string>), Canonical.Json).ShouldBeFalse();

        // and what skips the check gives the oracle's bytes
        var nested = new Nested("z \u00e4 \"q\"", [new("b", "a"), new("😀", "Ａ")], new Point(2, 1), new Applicant("Trần Thị Bé", "046", null, "Huế", "x@example.vn"), CaseStatus.Suspended);
        EventChain.SortedJson(nested).ShouldBe(ByNodes(nested));
        EventChain.SortedJson(nested with { Where = null, Items = [] }).ShouldBe(ByNodes(nested with { Where = null, Items = [] }));
    }

    [Fact]
    public void A_seal_is_the_hash_of_its_head_and_the_oracle_s_bytes_whatever_the_data_and_thread()
    {
        // data written straight into the seal's buffer (ordered by contract), data checked after writing (a dictionary, an
        // object), a long head, text that needs escaping; sealed as a chain, each seal the previous of the next
        var odd = new Odd("Lê \"Tám\" \u2028", null, 0.1, 12.50m, long.MaxValue, true, [3, 1], new() { ["z"] = "1", ["a"] = "2", ["Ä"] = "3" }, [], At(), new DateOnly(2026, 2, 17));
        var plain = new Plain("z", "a", 1.5, 2m, [1], [], new { b = 1, a = 2 }, At(), new DateOnly(2026, 1, 1), CaseStatus.Finished, "x", "y");
        var nested = new Nested("z \u00e4", [new("b", "a")], new Point(2, 1), new Applicant("Trần Thị Bé", "046", null, "Huế", "x@example.vn"), CaseStatus.Suspended);
        object[] chain = [nested, odd, plain, nested with { Where = null }];
        var stream = Guid.NewGuid();
        var by = new string('n', 600);   // a head longer than the seal's stack buffer
        string? previous = null, expected = null;
        var seals = new List<string>();
        for (var v = 0; v < chain.Length; v++)
        {
            var who = v == 2 ? by : "nguyen-van-an";
            expected = Canonical.Sha256($"{expected}\n{stream:N}\n{v + 1}\n{chain[v].GetType().Name}\n{who}\n{ByNodes(chain[v])}");
            previous = EventChain.Seal(previous, stream, v + 1, chain[v], who);
            previous.ShouldBe(expected);
            seals.Add(previous);
        }
        // the buffer is the thread's own: the same chain sealed on other threads at once gives the same seals
        var again = Enumerable.Range(0, 4).AsParallel().Select(_ =>
        {
            string? p = null;
            var mine = new List<string>();
            for (var v = 0; v < chain.Length; v++) mine.Add(p = EventChain.Seal(p, stream, v + 1, chain[v], v == 2 ? by : "nguyen-van-an"));
            return mine;
        }).ToList();
        again.ShouldAllBe(m => m.SequenceEqual(seals));

        static DateTimeOffset At() => new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(7));
    }
}
