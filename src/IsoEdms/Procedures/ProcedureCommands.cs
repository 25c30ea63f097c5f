using IsoEdms.Domain.Access;
using IsoEdms.Domain.Documents;

namespace IsoEdms.Procedures;

/// <summary>Publish validated procedure files (all or nothing), on the bus like every other write.</summary>
public sealed record PublishProceduresCommand(ProcessSet Set, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

/// <summary>Publish validated calendar years (all or nothing): the command line's and, later, the pages' way in.</summary>
public sealed record PublishCalendarsCommand(ProcessSet Set, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public sealed record RetireProcedureCommand(string Code, int Version, string Reason, string By, Principal? Principal = null) : IAuthorizedCommand
{
    public string Policy => Policies.Quality;
}

public static class ProcedureCommandHandler
{
    /// <summary>A refused file leaves nothing staged, so Wolverine's transaction commits nothing for it.</summary>
    public static async Task<Outcome<PublishReport>> Handle(PublishProceduresCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        return Outcome<PublishReport>.Done(await Publishing.PublishProceduresAsync(session, command.Set, command.By, clock.GetUtcNow(), ct));
    }

    public static async Task<Outcome<PublishReport>> Handle(PublishCalendarsCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        return Outcome<PublishReport>.Done(await Publishing.PublishCalendarsAsync(session, command.Set, command.By, clock.GetUtcNow(), ct));
    }

    public static async Task<Outcome<string>> Handle(RetireProcedureCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        session.LastModifiedBy = command.By;
        var (ok, message) = await Publishing.RetireAsync(session, command.Code, command.Version, command.Reason, command.By, clock.GetUtcNow(), ct);
        return ok ? Outcome<string>.Done(message) : new Refusal(409, "Cannot retire", message);
    }
}
