using IsoEdms.Domain.Procedures;

namespace IsoEdms.Domain.Tests.Procedures;

/// <summary>The form-based editor's draft writes a file that the checker reads back as the very version it came from.</summary>
public class ProcedureDraftTests
{
    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(RepoPaths.Processes, "procedures"), "*.yaml", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(RepoPaths.Processes, f));
        return data;
    }

    /// <summary>A file checked as the publishing page checks an upload: against the shipped calendars, roles and units.</summary>
    private static (ProcedureDefinition? Definition, DocumentApproval? Approval, IReadOnlyList<Documents.Diagnostic> Errors) Check(string relative, string yaml)
    {
        var scratch = Directory.CreateTempSubdirectory("isoedms-draft-").FullName;
        var path = Path.Combine(scratch, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        var set = Documents.ProcessSet.Load(RepoPaths.Processes, [path]);
        return (set.Procedures.SingleOrDefault()?.Value, set.Approvals.Values.SingleOrDefault(), set.Errors);
    }

    [Theory, MemberData(nameof(ShippedFiles))]
    public void every_shipped_version_written_back_from_its_draft_is_the_same_version_with_the_same_approval(string file)
    {
        var (original, approval, errors) = Check(file, File.ReadAllText(Path.Combine(RepoPaths.Processes, file)));
        errors.ShouldBeEmpty();

        var yaml = ProcedureDraft.From(original!, approval).ToYaml();
        var (again, approvalAgain, errorsAgain) = Check(file, yaml);

        errorsAgain.ShouldBeEmpty(yaml);
        IsoEdms.Domain.Documents.Canonical.Sha256(again!).ShouldBe(IsoEdms.Domain.Documents.Canonical.Sha256(original!), yaml);   // the content hash that pins cases: nothing lost or changed
        approvalAgain.ShouldBe(approval);
    }

    [Theory]
    [InlineData("title", "title:")]
    [InlineData("next", "next: khong-co")]
    public void a_wrong_field_of_a_draft_is_refused_at_the_line_the_editor_wrote_for_it(string field, string line)
    {
        const string file = "procedures/ho-tich.khai-sinh/v1.yaml";
        var (original, approval, _) = Check(file, File.ReadAllText(Path.Combine(RepoPaths.Processes, file)));
        var draft = ProcedureDraft.From(original!, approval);
        if (field == "title") draft.TitleVi = "";
        else draft.Steps[0].Next = "khong-co";
        draft.Steps.Add(new StepDraft());   // a blank row of the form is left out
        var yaml = draft.ToYaml();
        var lines = yaml.Split('\n');

        var (_, _, errors) = Check(file, yaml);

        var at = errors.Select(e => (Line: lines[e.Line - 1].Trim(), e.Message)).ToList();
        at.ShouldNotBeEmpty();
        at.Any(e => e.Line.StartsWith(line, StringComparison.Ordinal)).ShouldBeTrue(string.Join('\n', at));
    }
}
