# Regenerates Corpus/broken: procedure files that each break one rule, with the expected "# expect: LINE: message" header.
import os, shutil
BASE = '''procedure: {code}
version: 1
title: {{ vi: "Thủ tục thử", en: "Test procedure" }}
level: commune
legal_basis: ["Nghị định 118/2025/NĐ-CP"]
effective_from: 2026-01-01
calendar: vn-gov
time_limit: {{ working_days: 1 }}
cutoff: "15:00"
suspension_policy: pause
steps:
  - id: receive
    role: reception-officer
    unit: receiving
    budget_hours: 2
    next: review
  - id: review
    role: justice-officer
    unit: receiving
    budget_hours: 6
    outcomes: {{ approve: hand-back, reject: refuse }}
  - id: hand-back
    role: reception-officer
    unit: receiving
    budget_hours: 0
    end: true
'''
def base(code): return BASE.format(code=code)
def rep(code, old, new, count=1):
    s = base(code)
    assert old in s, (code, old)
    return s.replace(old, new, count)
cases = []
def case(name, text, fragment, folder=None, file="v1.yaml", line=None):
    cases.append((name, text, fragment, folder or name, file, line))
c = "broken.yaml-syntax"; case(c, rep(c, 'level: commune', 'level: commune: x #<<'), "YAML syntax error")
c = "broken.tab-indent"; case(c, rep(c, '    budget_hours: 6', '    budget_hours: 6\n   bad: : : x #<<'), "YAML syntax error")
c = "broken.unknown-key"; case(c, rep(c, 'level: commune', 'level: commune\nowner: someone #<<'), "unknown key 'owner'")
c = "broken.unknown-step-key"; case(c, rep(c, '    budget_hours: 2', '    budget_hours: 2\n    deadline: 3 #<<'), "unknown key 'deadline'")
c = "broken.missing-title"; case(c, rep(c, 'title: { vi: "Thủ tục thử", en: "Test procedure" }\n', '').replace('procedure: ' + c, 'procedure: ' + c + ' #<<'), "missing required key 'title'")
c = "broken.missing-steps"; case(c, base(c).split('steps:')[0].replace('procedure: ' + c, 'procedure: ' + c + ' #<<'), "missing required key 'steps'")
c = "broken.missing-role"; case(c, rep(c, '  - id: review\n    role: justice-officer\n', '  - id: review #<<\n'), "missing required key 'role'")
c = "broken.version-text"; case(c, rep(c, 'version: 1', 'version: one #<<'), "'version' must be a whole number")
c = "broken.version-zero"; case(c, rep(c, 'version: 1', 'version: 0 #<<'), "'version' must be 1 or more")
c = "broken.bad-code"; case(c, rep(c, 'procedure: broken.bad-code', 'procedure: Broken_Code #<<'), "may contain only lowercase", folder="Broken_Code")
c = "broken.path-mismatch"; case(c, rep(c, 'procedure: broken.path-mismatch', 'procedure: broken.other-code #<<'), "does not match its folder")
c = "broken.version-mismatch"; case(c, rep(c, 'version: 1', 'version: 3 #<<'), "does not match the file name", file="v2.yaml")
c = "broken.level"; case(c, rep(c, 'level: commune', 'level: district #<<'), "unknown level 'district'")
c = "broken.date"; case(c, rep(c, 'effective_from: 2026-01-01', 'effective_from: 01/01/2026 #<<'), "must be a date written YYYY-MM-DD")
c = "broken.calendar"; case(c, rep(c, 'calendar: vn-gov', 'calendar: vn-moon #<<'), "unknown calendar 'vn-moon'")
c = "broken.limit-two-kinds"; case(c, rep(c, 'time_limit: { working_days: 1 }', 'time_limit: { working_days: 1, working_hours: 8 } #<<'), "exactly one of")
c = "broken.limit-text"; case(c, rep(c, 'time_limit: { working_days: 1 }', 'time_limit: { working_days: many } #<<'), "must be a number")
c = "broken.cutoff"; case(c, rep(c, 'cutoff: "15:00"', 'cutoff: "3pm" #<<'), "must be a time written HH:MM")
c = "broken.policy"; case(c, rep(c, 'suspension_policy: pause', 'suspension_policy: freeze #<<'), "unknown suspension_policy 'freeze'")
c = "broken.duplicate-step"; case(c, rep(c, '  - id: hand-back\n', '  - id: review #<<\n'), "duplicate step id 'review'")
c = "broken.unknown-next"; case(c, rep(c, '    next: review', '    next: revew #<<'), "unknown step 'revew'")
c = "broken.unknown-outcome-target"; case(c, rep(c, 'outcomes: { approve: hand-back, reject: refuse }', 'outcomes: { approve: sign, reject: refuse } #<<'), "names unknown step 'sign'")
c = "broken.unreachable"; case(c, rep(c, '  - id: hand-back\n', '  - id: orphan #<<\n    role: clerk\n    unit: receiving\n    budget_hours: 0\n    end: true\n  - id: hand-back\n').replace('budget_hours: 6', 'budget_hours: 6'), "cannot be reached from the first step")
c = "broken.no-end"; case(c, rep(c, '    end: true', '    next: receive').replace('  - id: receive', '  - id: receive #<<'), "no path leads to an 'end: true' step")
c = "broken.cycle"; case(c, rep(c, 'outcomes: { approve: hand-back, reject: refuse }', 'outcomes: { approve: hand-back, rework: loop }').replace('  - id: hand-back\n', '  - id: loop #<<\n    role: clerk\n    unit: receiving\n    budget_hours: 0\n    next: loop2\n  - id: loop2\n    role: clerk\n    unit: receiving\n    budget_hours: 0\n    next: loop\n  - id: hand-back\n'), "is in a cycle with no exit")
c = "broken.unknown-role"; case(c, rep(c, '    role: justice-officer', '    role: wizard #<<'), "unknown role 'wizard'")
c = "broken.unknown-unit"; case(c, rep(c, '    unit: receiving\n    budget_hours: 6', '    unit: xa-atlantis #<<\n    budget_hours: 6'), "unknown unit 'xa-atlantis'")
c = "broken.budget-sum"; case(c, rep(c, 'time_limit: { working_days: 1 }', 'time_limit: { working_days: 2 } #<<'), "add up to 8 h, but the time limit 2 working days is 16 h")
c = "broken.end-budget"; case(c, rep(c, '    budget_hours: 0\n    end: true', '    budget_hours: 1 #<<\n    end: true'), "must have budget_hours 0")
c = "broken.next-and-end"; case(c, rep(c, '  - id: receive\n    role: reception-officer\n    unit: receiving\n    budget_hours: 2\n    next: review', '  - id: receive #<<\n    role: reception-officer\n    unit: receiving\n    budget_hours: 2\n    next: review\n    end: true'), "more than one of 'next', 'outcomes' and 'end: true'")
c = "broken.no-routing"; case(c, rep(c, '  - id: receive\n    role: reception-officer\n    unit: receiving\n    budget_hours: 2\n    next: review', '  - id: receive #<<\n    role: reception-officer\n    unit: receiving\n    budget_hours: 2'), "needs one of 'next', 'outcomes' or 'end: true'")
c = "broken.negative-budget"; case(c, rep(c, '    budget_hours: 2', '    budget_hours: -2 #<<'), "'budget_hours' must be 0 or more")
c = "broken.budget-seconds"; case(c, rep(c, '    budget_hours: 2', '    budget_hours: 2.001 #<<'), "not a whole number of minutes")
c = "broken.legal-basis-text"; case(c, rep(c, 'legal_basis: ["Nghị định 118/2025/NĐ-CP"]', 'legal_basis: "Nghị định 118" #<<'), "'legal_basis' must be a list")
c = "broken.unclosed-bracket"; case(c, rep(c, 'level: commune', 'level: [commune #<<'), "this '[' is never closed")
c = "broken.unclosed-brace"; case(c, rep(c, '    outcomes: {{ approve: hand-back, reject: refuse }}'.replace('{{', '{').replace('}}', '}'), '    outcomes: { approve: hand-back, reject: refuse #<<'), "this '{' is never closed")
c = "broken.at-risk-at"; case(c, rep(c, 'suspension_policy: pause', 'suspension_policy: pause\nat_risk_at: 1.5 #<<'), "'at_risk_at' is the share of a step's budget after which the step is at risk: a number from 0.5 up to, not including, 1")
c = "broken.completed-at-receipt-later"; case(c, rep(c, '    budget_hours: 6\n', '    budget_hours: 6\n    completed_at_receipt: true #<<\n'), "only the first step can be completed at receipt")
c = "broken.unclosed-quote"; case(c, rep(c, 'cutoff: "15:00"', 'cutoff: "15:00 #<<'), "this double quote is never closed")
c = "broken.steps-mapping"; case(c, base(c).split('steps:')[0] + 'steps: { receive: 1 } #<<\n', "'steps' must be a list")
c = "broken.empty"; case(c, "\n", "the file is empty", line=1)
c = "broken.top-list"; case(c, "- procedure: x #<<\n", "expected a mapping of keys")
c = "broken.title-no-vi"; case(c, rep(c, 'title: { vi: "Thủ tục thử", en: "Test procedure" }', 'title: { en: "Test procedure" } #<<'), "missing required key 'vi'")
c = "broken.same-day-too-long"; case(c, rep(c, 'time_limit: { working_days: 1 }', 'time_limit: { same_day: true } #<<').replace('budget_hours: 6', 'budget_hours: 7'), "more than the time limit same day allows")
c = "broken.refuse-step-id"; case(c, rep(c, '  - id: hand-back\n', '  - id: refuse #<<\n    role: clerk\n    unit: receiving\n    budget_hours: 0\n    end: true\n  - id: hand-back\n'), "'refuse' is reserved")
c = "broken.duplicate-key"; case(c, rep(c, 'level: commune', 'level: commune\nlevel: province #<<'), "Duplicate key level")

HERE = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(HERE, 'broken', 'procedures')
shutil.rmtree(os.path.join(HERE, 'broken'), ignore_errors=True)
for name, text, frag, folder, file, fixed in cases:
    lines = text.split('\n')
    idx = [i for i, l in enumerate(lines) if '#<<' in l]
    if fixed is None:
        assert len(idx) == 1, (name, idx)
        line = idx[0] + 2   # +1 for 1-based, +1 for the header line
        lines[idx[0]] = lines[idx[0]].replace(' #<<', '').replace('#<<', '')
    else:
        line = fixed
    header = f"# expect: {line}: {frag}"
    body = '\n'.join(lines)
    d = os.path.join(root, folder); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, file), 'w').write(header + '\n' + body)
print(len(cases), "cases")
