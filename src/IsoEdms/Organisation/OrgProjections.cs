using IsoEdms.Domain.Organisation;
using Marten.Events.Aggregation;

namespace IsoEdms.Organisation;

// Inline: decisions read units and people at the moment they act. The folding rules live in the domain records.

public partial class UnitRecordProjection : SingleStreamProjection<UnitRecord, Guid>
{
    public static UnitRecord Create(UnitCreated e) => UnitRecord.Create(e);
    public void Apply(UnitRenamed e, UnitRecord u) => u.Apply(e);
    public void Apply(UnitAgencyCodeSet e, UnitRecord u) => u.Apply(e);
    public void Apply(UnitMerged e, UnitRecord u) => u.Apply(e);
    public void Apply(UnitEnded e, UnitRecord u) => u.Apply(e);
}

public partial class RoleRecordProjection : SingleStreamProjection<RoleRecord, Guid>
{
    public static RoleRecord Create(RoleDefined e) => RoleRecord.Create(e);
    public void Apply(RoleDefined e, RoleRecord r) => r.Apply(e);
}

public partial class PersonRecordProjection : SingleStreamProjection<PersonRecord, Guid>
{
    public static PersonRecord Create(PersonAssigned e) => PersonRecord.Create(e);
    public void Apply(PersonAssigned e, PersonRecord p) => p.Apply(e);
    public void Apply(PersonUnassigned e, PersonRecord p) => p.Apply(e);
    public void Apply(PersonRenamed e, PersonRecord p) => p.Apply(e);
    public void Apply(PersonContactSet e, PersonRecord p) => p.Apply(e);
}
