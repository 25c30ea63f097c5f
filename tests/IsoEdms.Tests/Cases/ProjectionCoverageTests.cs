using System.Reflection;
using IsoEdms.Cases;
using IsoEdms.Domain;
using IsoEdms.Domain.Cases;

namespace IsoEdms.Tests.Cases;

public class ProjectionCoverageTests
{
    /// <summary>The case details carry the stream version clients send back: every case event must reach the projection.</summary>
    [Fact]
    public void case_details_apply_every_case_event()
    {
        var handled = typeof(CaseDetailsProjection).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name is "On" or "Received")
            .Select(m => m.GetParameters()[0].ParameterType)
            .Select(t => t.IsGenericType ? t.GetGenericArguments()[0] : t)
            .ToHashSet();
        var caseEvents = EventCatalog.All.Where(t => typeof(ICaseEvent).IsAssignableFrom(t)).ToList();
        caseEvents.Count.ShouldBeGreaterThan(15);
        caseEvents.Where(t => !handled.Contains(t)).ShouldBeEmpty();
    }
}
