using IsoEdms.Domain.Access;
using IsoEdms.Domain.Organisation;
using IsoEdms.Organisation;

namespace IsoEdms.Cli;

// The writes only the command line makes today, as commands on the bus like every other write: each handler stages its
// events on Wolverine's session, and a refused one leaves nothing staged, so the transaction commits nothing for it.

/// <summary>Load the organisation read from processes/org (units, people, roles over time).</summary>
public sealed record LoadOrganisationCommand(OrgData Org, IReadOnlyList<RoleDefinition> KnownRoles, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Admin;
}

/// <summary>Publish survey templates from files, all or nothing.</summary>
public sealed record PublishSurveysCommand(IReadOnlyList<string> Paths, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

/// <summary>Set one person's sign-in password.</summary>
public sealed record SetPasswordCommand(string Person, string Password, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Admin;
}

/// <summary>Give everyone without a password the demo password (demo data only).</summary>
public sealed record SetDemoPasswordsCommand(string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Admin;
}

/// <summary>A command line's answer: its lines in English, and as sentences by code when the command says them so.</summary>
public sealed record LinesAnswer(IReadOnlyList<string> Lines)
{
    public IReadOnlyList<Domain.Said> Sentences { get; init; } = [];
}

public static class CliCommandHandler
{
    public static async Task<Outcome<LinesAnswer>> Handle(LoadOrganisationCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        var report = await OrgLoad.LoadAsync(session, command.Org, command.KnownRoles, command.By, clock.GetUtcNow(), ct);
        var answer = Answer(session, report.Ok, report.Lines);
        return answer.Value is { } lines ? Outcome<LinesAnswer>.Done(lines with { Sentences = report.Sentences }) : answer;
    }

    public static async Task<Outcome<LinesAnswer>> Handle(PublishSurveysCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        var (ok, lines) = await Satisfaction.Surveys.PublishAsync(session, command.Paths, command.By, clock.GetUtcNow(), ct);
        var answer = Answer(session, ok, [.. lines.Select(l => l.English)]);
        return answer.Value is { } value ? Outcome<LinesAnswer>.Done(value with { Sentences = lines }) : answer;
    }

    public static async Task<Outcome<string>> Handle(SetPasswordCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        if (await Passwords.SetAsync(session, command.Person, command.Password, command.By, clock.GetUtcNow(), ct) is not { } error)
            return Outcome<string>.Done($"password of {command.Person} changed");
        session.EjectAllPendingChanges();
        return new Refusal(422, "Password not set", error, "password");
    }

    public static async Task<Outcome<int>> Handle(SetDemoPasswordsCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        return Outcome<int>.Done(await Passwords.SetDemoAsync(session, command.By, clock.GetUtcNow(), ct));
    }

    /// <summary>The report's lines; a refused report leaves nothing staged.</summary>
    private static Outcome<LinesAnswer> Answer(IDocumentSession session, bool ok, IReadOnlyList<string> lines)
    {
        if (ok) return Outcome<LinesAnswer>.Done(new LinesAnswer(lines));
        session.EjectAllPendingChanges();
        return new Refusal(422, "Refused", string.Join("\n", lines));
    }
}
