using IsoEdms.Domain.Access;
using IsoEdms.Organisation;
using JasperFx;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Wolverine.Marten;

namespace IsoEdms.Quality;

// Nonconformities and corrective actions on the one write path: every command is a message on Wolverine's bus, its
// record fetched for writing by the aggregate handler workflow, its decision taken by the domain's pure functions.

/// <summary>Live write models of the two quality streams, folded by the domain's own rules.</summary>
public sealed class NonconformityStateProjection : SingleStreamProjection<NonconformityState, Guid>
{
    public override NonconformityState? Evolve(NonconformityState? snapshot, Guid id, IEvent e) => NonconformityState.Next(snapshot, e.Data);
}

public sealed class CorrectiveActionStateProjection : SingleStreamProjection<CorrectiveActionState, Guid>
{
    public override CorrectiveActionState? Evolve(CorrectiveActionState? snapshot, Guid id, IEvent e) => CorrectiveActionState.Next(snapshot, e.Data);
}

/// <summary>What a person does to a nonconformity.</summary>
public abstract record NonconformityAction
{
    public abstract Task<QualityResult> DecideAsync(NonconformityState s, IQuerySession session, string by, DateTimeOffset at, CancellationToken ct);
}

public sealed record CorrectNc(string Correction) : NonconformityAction
{
    public override Task<QualityResult> DecideAsync(NonconformityState s, IQuerySession session, string by, DateTimeOffset at, CancellationToken ct) =>
        Task.FromResult(Nonconformities.Correct(s, Correction, by, at));
}

public sealed record ConcedeNc(string Concession, string DecidedBy) : NonconformityAction
{
    public override Task<QualityResult> DecideAsync(NonconformityState s, IQuerySession session, string by, DateTimeOffset at, CancellationToken ct) =>
        Task.FromResult(Nonconformities.Concede(s, Concession, DecidedBy, by, at));
}

public sealed record CloseNc : NonconformityAction
{
    public override async Task<QualityResult> DecideAsync(NonconformityState s, IQuerySession session, string by, DateTimeOffset at, CancellationToken ct)
    {
        var actions = new List<CorrectiveActionState>();
        foreach (var ca in s.CorrectiveActions)
            if (await session.Events.AggregateStreamAsync<CorrectiveActionState>(ca, token: ct) is { } st) actions.Add(st);
        return Nonconformities.Close(s, actions, by, at);
    }
}

/// <summary>What a person does to a corrective action: the domain's decision for it, given the state, who acts and when.</summary>
public sealed record CorrectiveActionStep(Func<CorrectiveActionState, string, DateTimeOffset, QualityResult> Decide)
{
    public static CorrectiveActionStep Contain(string? description) => new((s, by, at) => CorrectiveActions.Contain(s, description ?? "", by, at));
    public static CorrectiveActionStep RootCause(string? category, string? analysis) => new((s, by, at) => CorrectiveActions.FindRootCause(s, category ?? "", analysis ?? "", by, at));
    public static CorrectiveActionStep Plan(string? description, string? owner, DateOnly due) =>
        new((s, by, at) => CorrectiveActions.Plan(s, description ?? "", owner ?? by, due, OrgLoad.LocalDate(at), by, at));
    public static CorrectiveActionStep Complete(int no, string? note) => new((s, by, at) => CorrectiveActions.Complete(s, no, note, by, at));
    public static CorrectiveActionStep Review(DateOnly? date, string? evidence, bool effective) =>
        new((s, by, at) => CorrectiveActions.Review(s, date ?? OrgLoad.LocalDate(at), evidence ?? "", effective, by, at));
    public static CorrectiveActionStep Close() => new(CorrectiveActions.Close);
}

public sealed record NonconformityCommand([property: Identity] Guid NcId, long ExpectedVersion, string By, NonconformityAction Action, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Improvement;
}

public sealed record CorrectiveActionCommand([property: Identity] Guid CaId, long ExpectedVersion, string By, CorrectiveActionStep Step, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Improvement;
}

public sealed record RaiseNonconformityCommand(string Source, string Severity, string Unit, string? Person, string Description, string By, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Improvement;
}

public sealed record OpenCorrectiveActionCommand(IReadOnlyList<Guid> Nonconformities, string? Unit, string? Owner, string Title, string By, Principal? Principal = null)
    : IAuthorizedCommand
{
    public string Policy => Policies.Improvement;
}

public static class QualityRefusals
{
    public static Refusal From(QualityError e) => (e.Field is null
        ? new Refusal(e.Conflict ? 409 : 422, e.Conflict ? "Not possible in the current state" : "Not allowed by the quality rules", e.Message)
        : new Refusal(422, "Not allowed by the quality rules", e.Message, e.Field)) with { Said = e.Said };

    public static Refusal? Stale(int current, long sent) => current == sent ? null
        : Refusal.Conflict(Domain.Say.It("version_stale", $"it is at version {current:number}, you sent {sent:number}: reload it and try again"), current) with { Title = "It changed" };
}

public static class NonconformityCommandHandler
{
    public static async Task<Outcome<Guid>> Handle(NonconformityCommand command, [WriteAggregate(Required = false)] IEventStream<NonconformityState> stream,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (stream.Aggregate is not { } s) return Refusal.Of(404, "Not found", Domain.Say.It("nonconformity_unknown", $"there is no nonconformity {command.NcId}"));
        if (command.Principal is { } p && Scope.UnitRefusal(p, s.Unit, headsOnly: true) is { } outside) return outside;
        if (QualityRefusals.Stale(s.Version, command.ExpectedVersion) is { } stale) return stale;
        var result = await command.Action.DecideAsync(s, session, command.By, clock.GetUtcNow(), ct);
        if (result.Error is { } e) return QualityRefusals.From(e);
        session.LastModifiedBy = command.By;
        stream.AppendMany(result.Events);
        return Outcome<Guid>.Done(s.Id);
    }
}

public static class CorrectiveActionCommandHandler
{
    public static Outcome<Guid> Handle(CorrectiveActionCommand command, [WriteAggregate(Required = false)] IEventStream<CorrectiveActionState> stream,
        IDocumentSession session, TimeProvider clock)
    {
        if (stream.Aggregate is not { } s) return Refusal.Of(404, "Not found", Domain.Say.It("corrective_action_unknown", $"there is no corrective action {command.CaId}"));
        if (command.Principal is { } p && Scope.UnitRefusal(p, s.Unit, headsOnly: true) is { } outside) return outside;
        if (QualityRefusals.Stale(s.Version, command.ExpectedVersion) is { } stale) return stale;
        var result = command.Step.Decide(s, command.By, clock.GetUtcNow());
        if (result.Error is { } e) return QualityRefusals.From(e);
        session.LastModifiedBy = command.By;
        stream.AppendMany(result.Events);
        return Outcome<Guid>.Done(s.Id);
    }
}

public static class RaiseNonconformityHandler
{
    public static async Task<Outcome<Guid>> Handle(RaiseNonconformityCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.Unit) || await session.LoadAsync<Domain.Organisation.UnitRecord>(Domain.Organisation.UnitRecord.StreamIdFor(command.Unit), ct) is null)
            return Refusal.Of(422, "Unknown unit", Domain.Say.It("unit_unknown_here", $"'{command.Unit:unit}' is not a unit of the organisation"), "unit");
        if (command.Principal is { } p && Scope.UnitRefusal(p, command.Unit, headsOnly: true) is { } outside) return outside;
        var id = Guid.CreateVersion7();
        var result = Nonconformities.Raise(id, $"NC-{OrgLoad.Today(clock):yyyy}-{id.ToString("N")[^6..].ToUpperInvariant()}", command.Source, command.Severity,
            command.Unit, command.Person, command.Description, command.By, clock.GetUtcNow());
        if (result.Error is { } e) return QualityRefusals.From(e);
        session.LastModifiedBy = command.By;
        session.Events.StartStream<NonconformityView>(id, result.Events.ToArray());
        return Outcome<Guid>.Done(id, 201);
    }
}

public static class OpenCorrectiveActionHandler
{
    /// <summary>Opens the action and links every nonconformity to it, each fetched for writing: all or nothing.</summary>
    public static async Task<Outcome<Guid>> Handle(OpenCorrectiveActionCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var ncs = new List<IEventStream<NonconformityState>>();
        foreach (var ncId in command.Nonconformities)
        {
            var stream = await session.Events.FetchForWriting<NonconformityState>(ncId, ct);
            if (stream.Aggregate is null) return Refusal.Of(422, "Unknown nonconformity", Domain.Say.It("nonconformity_unknown", $"there is no nonconformity {ncId}"), "nonconformities");
            ncs.Add(stream);
        }
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var code = $"CA-{OrgLoad.Today(clock):yyyy}-{id.ToString("N")[^6..].ToUpperInvariant()}";
        var unit = command.Unit ?? ncs.FirstOrDefault()?.Aggregate!.Unit ?? "";
        if (command.Principal is { } p)
            foreach (var u in ncs.Select(n => n.Aggregate!.Unit).Append(unit).Distinct())
                if (Scope.UnitRefusal(p, u, headsOnly: true) is { } outside) return outside;
        var result = CorrectiveActions.Open(id, code, ncs.Select(n => n.Aggregate!).ToList(), unit, command.Owner ?? command.By, command.Title, command.By, now);
        if (result.Error is { } e) return QualityRefusals.From(e);
        session.LastModifiedBy = command.By;
        session.Events.StartStream<CorrectiveActionView>(id, result.Events.ToArray());
        foreach (var nc in ncs) nc.AppendOne(new CorrectiveActionLinked(nc.Id, id, code, command.By, now));
        return Outcome<Guid>.Done(id, 201);
    }
}
