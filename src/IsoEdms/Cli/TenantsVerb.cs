using System.CommandLine;
using System.Text.Json;
using IsoEdms.Tenancy;

namespace IsoEdms.Cli;

/// <summary><c>tenants add|list</c>: the databases of the deployment's tenants, kept in the home database.</summary>
public static class TenantsVerb
{
    public static Command Build(CliContext cli) =>
        new("tenants", "the tenants (a province or another deploying authority), each with a database of its own") { Add(cli), List(cli) };

    private static Command Add(CliContext cli)
    {
        var id = new Argument<string>("ID") { Description = "the tenant's id: lower-case letters, digits and hyphens (for example hue, da-nang)" };
        var connection = CommonOptions.Text("--connection", "CONNECTION-STRING", "the tenant's database (an Npgsql connection string); it must exist and answer", required: true);
        var command = new Command("add", "create the event store's schema in the tenant's database and register it (again with the same database: nothing changes)") { id, connection };
        command.SetAction(async (parse, ct) =>
        {
            if (await Database.ProbeAsync(cli.HomeConnectionString, ct) is { } problem) throw new DatabaseUnavailableException(problem);
            var tenant = parse.GetValue(id)!;
            try
            {
                var added = await TenantRegistry.AddAsync(cli.HomeConnectionString, tenant, parse.GetValue(connection)!, ct);
                var where = Database.Describe(parse.GetValue(connection)!);
                cli.Out.WriteLine(added ? Ui.L.T($"đã thêm tenant {tenant}: {where}", $"tenant {tenant} added: {where}")
                    : Ui.L.T($"tenant {tenant} đã dùng {where}; lược đồ đã được cập nhật", $"tenant {tenant} already uses {where}; its schema is up to date"));
                return 0;
            }
            catch (TenantException ex)
            {
                cli.Err.WriteLine($"tenants add: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var json = CommonOptions.Flag("--json", "one object per tenant: id and where its database is (never the password)");
        var command = new Command("list", "every tenant with its database (host, port and name), the home database first as 'default'") { json };
        command.SetAction(async (parse, ct) =>
        {
            if (await Database.ProbeAsync(cli.HomeConnectionString, ct) is { } problem) throw new DatabaseUnavailableException(problem);
            var tenants = await TenantRegistry.AllAsync(cli.HomeConnectionString, ct);
            if (parse.GetValue(json))
                cli.Out.WriteLine(JsonSerializer.Serialize(tenants.Select(t => new { id = t.Id, database = t.Where }), ApiJson.Options));
            else
                foreach (var t in tenants) cli.Out.WriteLine($"{t.Id,-20} {t.Where}");
            return 0;
        });
        return command;
    }
}
