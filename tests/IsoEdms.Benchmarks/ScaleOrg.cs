using System.Globalization;
using System.Text;

namespace IsoEdms.Benchmarks;

/// <summary>
/// The organisation of a province at benchmark scale, written as an extra file of processes/org: the 12 sample units
/// plus 28 communes and wards (40 units), 13 officials in each of them and 12 more desk officers at the service centre
/// (400 people with the sample's 24). Deterministic: the same file every run.
/// </summary>
public static class ScaleOrg
{
    private static readonly string[] Communes =
    [
        "Phong Điền", "Phong Dinh", "Phong Phú", "Phong Thái", "Phong Quảng", "Hương Trà", "Kim Trà", "Bình Điền", "Hương Thủy", "Thủy Xuân",
        "Phú Bài", "Phú Vang", "Phú Vinh", "Phú Hồ", "Phú Lộc", "Chân Mây - Lăng Cô", "Lộc An", "Vinh Lộc", "Hưng Lộc", "Nam Đông",
        "Khe Tre", "A Lưới 1", "A Lưới 2", "A Lưới 3", "A Lưới 4", "A Lưới 5", "Thuận An", "Kim Long",
    ];
    private static readonly string[] Wards = ["Hương Trà", "Kim Trà", "Hương Thủy", "Thủy Xuân", "Phú Bài", "Thuận An", "Kim Long"];

    /// <summary>Roles of the 13 officials of a commune: every role a commune-level step of the sample procedures names.</summary>
    private static readonly string[][] CommuneStaff =
    [
        ["reception-officer"], ["reception-officer", "clerk"], ["justice-officer", "civil-status-officer"], ["civil-status-officer", "justice-officer"],
        ["commune-chair", "unit-head"], ["unit-head"], ["clerk"], ["economic-officer"], ["finance-officer"], ["land-officer"],
        ["specialist"], ["specialist", "economic-officer"], ["land-officer", "finance-officer"],
    ];

    private static readonly string[] Family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Tôn Nữ"];
    private static readonly string[] Middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Kim", "Công", "Xuân"];
    private static readonly string[] Given = ["An", "Bảo", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Khánh", "Lan", "Linh", "Lộc", "Mai", "Nam", "Nhung", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vy", "Yến"];

    /// <summary>The one-stop desk of each generated commune: (unit, reception officer). Benchmark clients spread over them.</summary>
    public static IReadOnlyList<(string Unit, string Person)> Desks { get; } =
        Communes.Select((name, i) => ((Wards.Contains(name) ? "phuong-" : "xa-") + Slug(name), $"cb-{i * CommuneStaff.Length + 1:D3}")).ToList();

    /// <summary>The commune's second desk officer (reception and clerk), numbered right after the first.</summary>
    public static string SecondDesk(string first) => $"cb-{int.Parse(first[3..], CultureInfo.InvariantCulture) + 1:D3}";

    public static string Yaml()
    {
        var sb = new StringBuilder("# Tổ chức ở quy mô đo hiệu năng / benchmark-scale organisation (generated)\nunits:\n");
        var people = new StringBuilder("people:\n");
        var random = new Random(40);
        var n = 0;
        string Person() => $"{Family[random.Next(Family.Length)]} {Middle[random.Next(Middle.Length)]} {Given[random.Next(Given.Length)]}";
        foreach (var name in Communes)
        {
            var ward = Wards.Contains(name);
            var code = (ward ? "phuong-" : "xa-") + Slug(name);
            var vi = (ward ? "UBND phường " : "UBND xã ") + name;
            var en = $"{Ascii(name)} {(ward ? "Ward" : "Commune")}";
            sb.Append(CultureInfo.InvariantCulture, $"  - {{ code: {code}, name: {{ vi: \"{vi}\", en: \"{en}\" }}, level: commune, parent: tp-hue, from: 2025-07-01 }}\n");
            foreach (var roles in CommuneStaff)
                people.Append(CultureInfo.InvariantCulture, $"  - {{ id: cb-{++n:D3}, name: \"{Person()}\", unit: {code}, roles: [{string.Join(", ", roles)}], from: 2025-07-01 }}\n");
        }
        for (var i = 0; i < 12; i++)
            people.Append(CultureInfo.InvariantCulture, $"  - {{ id: cb-{++n:D3}, name: \"{Person()}\", unit: tt-pvhcc-hue, roles: [reception-officer], from: 2025-07-01 }}\n");
        return sb.Append('\n').Append(people).ToString();
    }

    public static string Ascii(string s)
    {
        var d = s.Replace('Đ', 'D').Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        return new string(d.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }

    private static string Slug(string s) =>
        string.Join('-', Ascii(s).ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));
}
