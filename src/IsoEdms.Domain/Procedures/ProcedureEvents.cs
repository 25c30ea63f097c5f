namespace IsoEdms.Domain.Procedures;

/// <summary>A procedure version became a controlled document (ISO 9001 7.5): the whole definition, its hash, who and when.</summary>
public sealed record ProcedureVersionPublished(
    Guid ProcedureId, string Code, int Version, string ContentHash, ProcedureDefinition Definition, string SourcePath, string By, DateTimeOffset At);

/// <summary>A version is withdrawn from use for new cases; cases already pinned to it keep it.</summary>
public sealed record ProcedureVersionRetired(Guid ProcedureId, string Code, int Version, string Reason, string By, DateTimeOffset At);
