using System.Globalization;
using System.Text.RegularExpressions;
using IsoEdms.Domain.Documents;
using YamlDotNet.RepresentationModel;
using YamlDocument = IsoEdms.Domain.Documents.YamlDocument;

namespace IsoEdms.Domain.Procedures;

/// <summary>Reads and checks one procedure file (processes/procedures/&lt;code&gt;/v&lt;N&gt;.yaml). Pure: text in, definition or diagnostics out.</summary>
public static partial class ProcedureFile
{
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")] public static partial Regex CodePattern();
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")] private static partial Regex StepIdPattern();
    [GeneratedRegex(@"(?:^|[\\/])procedures[\\/](?<code>[^\\/]+)[\\/]v(?<v>\d+)\.ya?ml$")] private static partial Regex PathPattern();

    public static readonly string[] Levels = ["commune", "province", "ministry"];
    private static readonly string[] TopKeys =
        ["procedure", "version", "title", "level", "legal_basis", "effective_from", "calendar", "time_limit", "cutoff",
         "suspension_policy", "classification_policy", "at_risk_at", "steps", "approval"];
    private static readonly string[] ApprovalKeys = ["drafted_by", "reviewed_by", "approved_by", "unit", "decision", "decision_date"];
    private static readonly string[] StepKeys = ["id", "title", "role", "unit", "budget_hours", "next", "outcomes", "end", "stops_clock", "completed_at_receipt"];
    private const int MaxPaths = 10_000;

    public static (ProcedureDefinition? Definition, IReadOnlyList<Diagnostic> Errors) Parse(string path, string text, ReferenceData refs)
    {
        var (definition, _, errors) = ParseWithApproval(path, text, refs);
        return (definition, errors);
    }

    /// <summary>The definition and, apart from it, the file's <c>approval:</c> block (null when the file has none: a draft).</summary>
    public static (ProcedureDefinition? Definition, DocumentApproval? Approval, IReadOnlyList<Diagnostic> Errors) ParseWithApproval(string path, string text, ReferenceData refs)
    {
        var doc = YamlDocument.Parse(path, text);
        if (doc.Root is null) return (null, null, doc.Errors);
        var root = doc.Root;
        doc.CheckKeys(root, "the procedure", TopKeys);

        var codeNode = doc.Required(root, "procedure", "the procedure");
        var code = doc.Text(codeNode, "procedure");
        if (code is not null && !CodePattern().IsMatch(code))
        { doc.Error(codeNode!, Say.It("procedure_code_pattern", $"procedure code '{code:code}' may contain only lowercase letters, digits, '.' and '-'")); code = null; }
        var versionNode = doc.Required(root, "version", "the procedure");
        var version = doc.WholeNumber(versionNode, "version", 1);

        // the file's place must say the same code and version
        var pm = PathPattern().Match(path.Replace('\\', '/'));
        if (!pm.Success)
            doc.Error(1, 1, Say.It("procedure_file_place", $"a procedure file must be at procedures/<code>/v<version>.yaml"));
        else
        {
            if (code is not null && pm.Groups["code"].Value != code)
                doc.Error(codeNode!, Say.It("procedure_code_folder", $"procedure code '{code:code}' does not match its folder '{pm.Groups["code"].Value:code}'"));
            if (version is not null && int.Parse(pm.Groups["v"].Value, CultureInfo.InvariantCulture) != version)
                doc.Error(versionNode!, Say.It("procedure_version_file", $"version {version:number} does not match the file name 'v{pm.Groups["v"].Value:number}.yaml'"));
        }

        var title = ReadTitle(doc, doc.Required(root, "title", "the procedure"), "title");
        var levelNode = doc.Required(root, "level", "the procedure");
        var level = doc.Text(levelNode, "level");
        if (level is not null && !Levels.Contains(level)) { doc.Error(levelNode!, Say.It("procedure_level_unknown", $"unknown level '{level:code}'; expected commune, province or ministry")); level = null; }

        var legal = new List<string>();
        if (doc.Sequence(doc.Required(root, "legal_basis", "the procedure"), "legal_basis") is { } lb)
            foreach (var n in lb.Children)
                if (doc.Text(n, "legal_basis item") is { } t) legal.Add(t);

        var effective = doc.Date(doc.Required(root, "effective_from", "the procedure"), "effective_from");

        var calNode = doc.Required(root, "calendar", "the procedure");
        var calendar = doc.Text(calNode, "calendar");
        if (calendar is not null && !refs.CalendarDayLengths.ContainsKey(calendar))
        { doc.Error(calNode!, Known(refs.CalendarDayLengths.Keys) is { Count: > 0 } calendars
            ? Say.It("calendar_unknown", $"unknown calendar '{calendar:code}'; known: {calendars:code}")
            : Say.It("calendar_unknown_none", $"unknown calendar '{calendar:code}' (none is known)")); }

        var limitNode = doc.Required(root, "time_limit", "the procedure");
        var limit = ReadLimit(doc, limitNode);

        var cutoff = doc.Time(doc.Get(root, "cutoff"), "cutoff");

        var policy = SuspensionPolicy.Pause;
        if (doc.Get(root, "suspension_policy") is { } spNode && doc.Text(spNode, "suspension_policy") is { } sp)
        {
            if (sp == "pause") policy = SuspensionPolicy.Pause;
            else if (sp == "restart") policy = SuspensionPolicy.Restart;
            else doc.Error(spNode, Say.It("suspension_policy_unknown", $"unknown suspension_policy '{sp:code}'; expected pause or restart"));
        }
        var classification = ClassificationPolicies.Default.Name;
        if (doc.Get(root, "classification_policy") is { } cpNode && doc.Text(cpNode, "classification_policy") is { } cp)
        {
            if (ClassificationPolicies.All.ContainsKey(cp)) classification = cp;
            else doc.Error(cpNode, Say.It("classification_policy_unknown", $"unknown classification_policy '{cp:code}'; known: {ClassificationPolicies.All.Keys:code}"));
        }

        decimal? atRiskAt = null;
        if (doc.Get(root, "at_risk_at") is { } riskNode && doc.Number(riskNode, "at_risk_at") is { } risk)
        {
            if (risk is >= 0.5m and < 1m) atRiskAt = risk;
            else doc.Error(riskNode, Say.It("at_risk_at_range", $"'at_risk_at' is the share of a step's budget after which the step is at risk: a number from 0.5 up to, not including, 1 (such as 0.75), not {risk:number}"));
        }

        var steps = new List<ProcedureStep>();
        var stepNodes = new Dictionary<string, YamlNode>();
        var stepsNode = doc.Sequence(doc.Required(root, "steps", "the procedure"), "steps");
        if (stepsNode is not null)
        {
            if (stepsNode.Children.Count == 0) doc.Error(stepsNode, Say.It("steps_empty", $"'steps' must list at least one step"));
            foreach (var n in stepsNode.Children)
            {
                var step = ReadStep(doc, n, refs, stepNodes);
                if (step is not null) steps.Add(step);
                if (!ReferenceEquals(n, stepsNode.Children[0]) && n is YamlMappingNode later && doc.Get(later, "completed_at_receipt") is { } atReceipt)
                    doc.Error(atReceipt, Say.It("at_receipt_not_first", $"only the first step can be completed at receipt"));
            }
        }

        var structuralOk = doc.Errors.Count == 0;
        if (stepsNode is not null && steps.Count > 0 && structuralOk)
            CheckGraph(doc, steps, stepNodes, stepsNode);
        if (doc.Errors.Count == 0 && limit is not null && calendar is not null)
            CheckBudgets(doc, steps, limit, limitNode!, refs.CalendarDayLengths[calendar]);

        var approval = doc.Get(root, "approval") is { } approvalNode ? ReadApproval(doc, approvalNode) : null;

        if (doc.Errors.Count > 0 || code is null || version is null || title is null || level is null || effective is null || calendar is null || limit is null)
            return (null, null, doc.Errors);
        return (new ProcedureDefinition(code, version.Value, title, level, legal, effective.Value, calendar, limit, cutoff, policy, classification, steps)
            { AtRiskAt = atRiskAt }, approval, doc.Errors);
    }

    /// <summary>The shape of the approval block, each missing or malformed key with its line; whom it names is checked when publishing.</summary>
    private static DocumentApproval? ReadApproval(YamlDocument doc, YamlNode node)
    {
        if (doc.Mapping(node, "approval") is not { } m) return null;
        doc.CheckKeys(m, "'approval'", ApprovalKeys);
        string? Code(string key) => doc.Text(doc.Required(m, key, "'approval'"), key);
        var (drafted, reviewed, approved, unit) = (Code("drafted_by"), Code("reviewed_by"), Code("approved_by"), Code("unit"));
        var decision = Code("decision");
        var date = doc.Date(doc.Required(m, "decision_date", "'approval'"), "decision_date");
        return drafted is null || reviewed is null || approved is null || unit is null || decision is null || date is null
            ? null : new DocumentApproval(drafted, reviewed, approved, unit, decision, date.Value);
    }

    /// <summary>The known values named after an unknown one: at most twelve, in order.</summary>
    private static List<string> Known(IEnumerable<string> known)
    {
        var list = known.Order(StringComparer.Ordinal).ToList();
        return list.Count > 12 ? [.. list.Take(12), "..."] : list;
    }

    private static LocalizedText? ReadTitle(YamlDocument doc, YamlNode? node, string what)
    {
        if (node is null) return null;
        if (doc.Mapping(node, what) is not { } m) return null;
        doc.CheckKeys(m, $"'{what}'", "vi", "en");
        var vi = doc.Text(doc.Required(m, "vi", $"'{what}'"), $"{what}.vi");
        var en = doc.Text(doc.Get(m, "en"), $"{what}.en");
        if (vi is not null && vi.Trim().Length == 0) { doc.Error(m, Say.It("title_vi_blank", $"'{what:code}.vi' must not be blank")); return null; }
        return vi is null ? null : new LocalizedText(vi, en);
    }

    private static TimeLimit? ReadLimit(YamlDocument doc, YamlNode? node)
    {
        if (doc.Mapping(node, "time_limit") is not { } m) return null;
        doc.CheckKeys(m, "'time_limit'", "same_day", "working_days", "working_hours", "calendar_days");
        if (m.Children.Count != 1)
        {
            doc.Error(m, Say.It("time_limit_one_kind", $"'time_limit' must have exactly one of same_day, working_days, working_hours, calendar_days"));
            return null;
        }
        var (k, v) = m.Children.First();
        switch ((k as YamlScalarNode)?.Value)
        {
            case "same_day":
                if (doc.Boolean(v, "time_limit.same_day") is { } b)
                {
                    if (!b) { doc.Error(v, Say.It("time_limit_same_day_true", $"'time_limit.same_day' can only be true; use another kind of limit instead")); return null; }
                    return TimeLimit.SameDay;
                }
                return null;
            case "working_days":
                return doc.Number(v, "time_limit.working_days", 0.125m) is { } wd ? TimeLimit.WorkingDays(wd) : null;
            case "working_hours":
                return doc.Number(v, "time_limit.working_hours", 0.25m) is { } wh ? TimeLimit.WorkingHours(wh) : null;
            case "calendar_days":
                return doc.WholeNumber(v, "time_limit.calendar_days", 1) is { } cd ? TimeLimit.CalendarDays(cd) : null;
            default:
                return null;
        }
    }

    private static ProcedureStep? ReadStep(YamlDocument doc, YamlNode node, ReferenceData refs, Dictionary<string, YamlNode> stepNodes)
    {
        if (doc.Mapping(node, "steps item") is not { } m) return null;
        doc.CheckKeys(m, "a step", StepKeys);
        var idNode = doc.Required(m, "id", "a step");
        var id = doc.Text(idNode, "id");
        var where = id is null ? "a step" : $"step '{id}'";
        if (id is not null)
        {
            if (!StepIdPattern().IsMatch(id)) { doc.Error(idNode!, Say.It("step_id_pattern", $"step id '{id:code}' may contain only lowercase letters, digits, '-' and '_'")); id = null; }
            else if (id == Outcomes.Refuse) { doc.Error(idNode!, Say.It("step_id_refuse", $"'refuse' is reserved for outcomes and cannot be a step id")); id = null; }
            else if (!stepNodes.TryAdd(id, m)) { doc.Error(idNode!, Say.It("step_id_duplicate", $"duplicate step id '{id:code}'")); id = null; }
        }
        var title = ReadTitle(doc, doc.Get(m, "title"), "title");
        var roleNode = doc.Required(m, "role", where);
        var role = doc.Text(roleNode, "role");
        if (role is not null && !refs.Roles.Contains(role)) doc.Error(roleNode!, Known(refs.Roles) is { Count: > 0 } roles
            ? Say.It("role_unknown", $"unknown role '{role:code}' in {where:place}; known: {roles:code}")
            : Say.It("role_unknown_none", $"unknown role '{role:code}' in {where:place} (none is known)"));
        var unitNode = doc.Required(m, "unit", where);
        var unit = doc.Text(unitNode, "unit");
        if (unit is not null && unit != StepUnits.Receiving && !refs.Units.Contains(unit))
            doc.Error(unitNode!, Say.It("step_unit_unknown", $"unknown unit '{unit:code}' in {where:place}; use 'receiving' or a unit code of the organisation"));
        var budgetNode = doc.Required(m, "budget_hours", where);
        var budget = doc.Number(budgetNode, "budget_hours", 0);
        if (budget is not null && budget * 60 != decimal.Truncate(budget.Value * 60))
        { doc.Error(budgetNode!, Say.It("budget_not_minutes", $"'budget_hours' {budget:number} is not a whole number of minutes")); budget = null; }
        if (budget > 10_000) { doc.Error(budgetNode!, Say.It("budget_too_large", $"'budget_hours' {budget:number} is too large")); budget = null; }

        var nextNode = doc.Get(m, "next");
        var outcomesNode = doc.Get(m, "outcomes");
        var endNode = doc.Get(m, "end");
        var next = doc.Text(nextNode, "next");
        var end = doc.Boolean(endNode, "end") ?? false;
        var stops = doc.Boolean(doc.Get(m, "stops_clock"), "stops_clock") ?? false;
        var atReceiptNode = doc.Get(m, "completed_at_receipt");
        var atReceipt = doc.Boolean(atReceiptNode, "completed_at_receipt") ?? false;
        if (atReceipt && nextNode is null) doc.Error(atReceiptNode!, Say.It("at_receipt_needs_next", $"{where:place} is completed at receipt, so it must name its 'next' step (no outcomes: nothing is decided at the desk)"));
        Dictionary<string, string>? outcomes = null;
        if (outcomesNode is not null && doc.Mapping(outcomesNode, "outcomes") is { } om)
        {
            outcomes = [];
            foreach (var (k, v) in om.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (!StepIdPattern().IsMatch(name)) { doc.Error(k, Say.It("outcome_name_pattern", $"outcome name '{name:code}' may contain only lowercase letters, digits, '-' and '_'")); continue; }
                if (doc.Text(v, $"outcomes.{name}") is { } target && !outcomes.TryAdd(name, target)) doc.Error(k, Say.It("outcome_duplicate", $"duplicate outcome '{name:code}'"));
            }
            if (om.Children.Count == 0) doc.Error(om, Say.It("outcomes_empty", $"'outcomes' of {where:place} must name at least one outcome"));
        }
        var ways = (nextNode is not null ? 1 : 0) + (outcomesNode is not null ? 1 : 0) + (end ? 1 : 0);
        if (ways != 1)
            doc.Error(m, ways == 0
                ? Say.It("step_way_missing", $"{where:place} needs one of 'next', 'outcomes' or 'end: true'")
                : Say.It("step_way_several", $"{where:place} has more than one of 'next', 'outcomes' and 'end: true'; use exactly one"));
        if (end && budget is not null && budget != 0) doc.Error(budgetNode!, Say.It("end_budget_not_zero", $"end {where:place} must have budget_hours 0 (the hand-back counts no time), got {budget:number}"));
        if (end && stops) doc.Error(m, Say.It("end_stops_clock", $"end {where:place} cannot stop the clock"));
        if (id is null || role is null || unit is null || budget is null) return null;
        return new ProcedureStep(id, title, role, unit, budget.Value, next, outcomes, end, stops) { CompletedAtReceipt = atReceipt };
    }

    private static IEnumerable<string> Targets(ProcedureStep s) =>
        s.Next is not null ? [s.Next] : s.Outcomes?.Values.Where(t => t != Outcomes.Refuse) ?? [];

    private static void CheckGraph(YamlDocument doc, List<ProcedureStep> steps, Dictionary<string, YamlNode> nodes, YamlNode stepsNode)
    {
        var byId = steps.ToDictionary(s => s.Id);
        var ok = true;
        foreach (var s in steps)
        {
            var m = (YamlMappingNode)nodes[s.Id];
            if (s.Next is not null && !byId.ContainsKey(s.Next))
            { doc.Error(doc.Get(m, "next")!, Say.It("next_unknown", $"step '{s.Id:code}': 'next' names unknown step '{s.Next:code}'")); ok = false; }
            if (s.Next == s.Id) { doc.Error(doc.Get(m, "next")!, Say.It("next_self", $"step '{s.Id:code}' cannot be its own 'next'")); ok = false; }
            if (s.Outcomes is not null)
                foreach (var (o, t) in s.Outcomes)
                    if (t != Outcomes.Refuse && !byId.ContainsKey(t))
                    {
                        var on = (YamlMappingNode)doc.Get(m, "outcomes")!;
                        doc.Error(doc.Get(on, o)!, Say.It("outcome_target_unknown", $"step '{s.Id:code}': outcome '{o:code}' names unknown step '{t:code}' (use a step id or 'refuse')"));
                        ok = false;
                    }
        }
        if (!ok) return;

        // reachable from the first step
        var reach = new HashSet<string>();
        var stack = new Stack<string>([steps[0].Id]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!reach.Add(id)) continue;
            foreach (var t in Targets(byId[id])) stack.Push(t);
        }
        foreach (var s in steps.Where(s => !reach.Contains(s.Id)))
            doc.Error(nodes[s.Id], Say.It("step_unreachable", $"step '{s.Id:code}' cannot be reached from the first step '{steps[0].Id:code}'"));

        if (!steps.Any(s => s.End && reach.Contains(s.Id)))
        {
            doc.Error(stepsNode, Say.It("no_end_step", $"no path leads to an 'end: true' step: a case could never finish"));
            return;
        }
        // steps that can reach an end step (reverse search)
        var canEnd = new HashSet<string>(steps.Where(s => s.End).Select(s => s.Id));
        bool changed;
        do
        {
            changed = false;
            foreach (var s in steps)
                if (!canEnd.Contains(s.Id) && Targets(s).Any(canEnd.Contains)) changed |= canEnd.Add(s.Id);
        } while (changed);
        foreach (var s in steps.Where(s => reach.Contains(s.Id) && !canEnd.Contains(s.Id)))
        {
            var inCycle = ReachableFrom(byId, s.Id).Contains(s.Id);
            doc.Error(nodes[s.Id], inCycle
                ? Say.It("step_cycle", $"step '{s.Id:code}' is in a cycle with no exit to an 'end' step")
                : Say.It("step_no_path_to_end", $"no path from step '{s.Id:code}' to an 'end' step"));
        }
    }

    private static HashSet<string> ReachableFrom(Dictionary<string, ProcedureStep> byId, string from)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(Targets(byId[from]));
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id)) continue;
            foreach (var t in Targets(byId[id])) stack.Push(t);
        }
        return seen;
    }

    /// <summary>
    /// Every path from the first step to an end step must use the whole limit: working_days × 8 h or working_hours.
    /// A same-day limit allows at most one working day; calendar_days at most 8 h per day. Steps that stop the clock
    /// (legally excluded waiting, docs/rules.md, rule 10) do not count.
    /// </summary>
    private static void CheckBudgets(YamlDocument doc, List<ProcedureStep> steps, TimeLimit limit, YamlNode limitNode, TimeSpan dayLength)
    {
        var byId = steps.ToDictionary(s => s.Id);
        var paths = new List<(List<string> Path, decimal Hours)>();
        void Walk(string id, List<string> path, decimal hours, HashSet<string> onPath)
        {
            if (paths.Count >= MaxPaths) return;
            var s = byId[id];
            path.Add(id);
            onPath.Add(id);
            var h = hours + (s.StopsClock ? 0 : s.BudgetHours);
            if (s.End) paths.Add((new List<string>(path), h));
            else foreach (var t in Targets(s).Distinct()) if (!onPath.Contains(t)) Walk(t, path, h, onPath);
            path.RemoveAt(path.Count - 1);
            onPath.Remove(id);
        }
        Walk(steps[0].Id, [], 0, []);
        // a working day is as long as the calendar's sessions make it (rule 6): 8 h on the deployed default
        decimal expected;
        bool exact;
        var day = (decimal)dayLength.TotalHours;
        switch (limit.Kind)
        {
            case TimeLimitKind.WorkingDays: expected = limit.Amount * day; exact = true; break;
            case TimeLimitKind.WorkingHours: expected = limit.Amount; exact = true; break;
            case TimeLimitKind.SameDay: expected = day; exact = false; break;
            default: expected = limit.Amount * day; exact = false; break;
        }
        var inHours = limit.Kind == TimeLimitKind.WorkingHours;
        var d = day.ToString("0.##", CultureInfo.InvariantCulture);
        foreach (var (path, hours) in paths)
        {
            var bad = exact ? hours != expected : hours > expected || hours <= 0;
            if (!bad) continue;
            var h = hours.ToString("0.##", CultureInfo.InvariantCulture);
            var e = expected.ToString("0.##", CultureInfo.InvariantCulture);
            var route = string.Join(" → ", path);
            var text = limit.ToString();
            doc.Error(limitNode, (exact, hours <= 0, inHours) switch
            {
                (true, _, true) => Say.It("budgets_not_limit_hours", $"step budgets on the path {route:code} add up to {h:number} h, but the time limit {text:limit} is {e:number} h"),
                (true, _, false) => Say.It("budgets_not_limit", $"step budgets on the path {route:code} add up to {h:number} h, but the time limit {text:limit} is {e:number} h on a calendar whose working day is {d:number} h"),
                (false, true, _) => Say.It("budgets_zero", $"step budgets on the path {route:code} add up to 0 h; give the working steps a budget"),
                (false, false, true) => Say.It("budgets_over_limit_hours", $"step budgets on the path {route:code} add up to {h:number} h, more than the time limit {text:limit} allows ({e:number} h)"),
                (false, false, false) => Say.It("budgets_over_limit", $"step budgets on the path {route:code} add up to {h:number} h, more than the time limit {text:limit} allows ({e:number} h on a calendar whose working day is {d:number} h)"),
            });
            return;
        }
    }
}
