namespace IsoEdms.Domain.Tests;

public class DomainPurityTests
{
    [Fact]
    public void The_domain_references_no_infrastructure()
    {
        var refs = typeof(EventCatalog).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        refs.ShouldNotContain(n => n.StartsWith("Marten") || n.StartsWith("Wolverine") || n.StartsWith("Hangfire")
                                   || n.StartsWith("Microsoft.AspNetCore") || n.StartsWith("Npgsql") || n.StartsWith("JasperFx"));
        var csproj = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "IsoEdms.Domain", "IsoEdms.Domain.csproj"));
        var packages = System.Text.RegularExpressions.Regex.Matches(csproj, "PackageReference Include=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        packages.ShouldBe(["YamlDotNet"]);
        csproj.ShouldNotContain("Microsoft.NET.Sdk.Web");
    }
}
