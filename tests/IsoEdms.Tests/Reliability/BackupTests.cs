using IsoEdms.Infrastructure;
using IsoEdms.Testing;
using IsoEdms.Tests.Cases;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace IsoEdms.Tests.Reliability;

/// <summary>`backup --out FILE` and `restore FILE`: the restored store verifies and reports exactly as the original did.</summary>
public class BackupTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    [Fact]
    public async Task a_backup_restored_into_an_empty_database_verifies_and_gives_the_same_reports()
    {
        var folder = Directory.CreateTempSubdirectory("isoedms-backup-").FullName;
        var cases = Path.Combine(folder, "cases.jsonl");
        (await Cli.RunAsync(seeded.App.ConnectionString, "demo", "generate", "--cases", "300", "--seed", "11", "--from", "2025-09-01", "--to", "2026-02-27", "--out", cases)).Exit.ShouldBe(0);
        (await Cli.RunAsync(seeded.App.ConnectionString, "import", cases)).Exit.ShouldBe(0);
        await seeded.App.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));

        var file = Path.Combine(folder, "store.backup");
        var backup = await Cli.RunAsync(seeded.App.ConnectionString, "backup", "--out", file);
        backup.Exit.ShouldBe(0, backup.Err);
        File.ReadAllText(file + ".sha256").ShouldStartWith(backup.Out.Split("sha256 ")[1].Split(' ')[0]);

        var name = $"isoedms_r_{Guid.NewGuid():N}"[..22];
        var restored = await ThrowawayDatabase.CreateAsync(Database.Resolve(), name);
        try
        {
            var restore = await Cli.RunAsync(restored, "restore", file);
            restore.Exit.ShouldBe(0, restore.Err);
            var verify = await Cli.RunAsync(restored, "audit", "verify");
            verify.Exit.ShouldBe(0, verify.Err);
            string[] report = ["report", "timeliness", "--by", "unit", "--from", "2025-09-01", "--to", "2026-02-28", "--as-of", "2026-03-02", "--format", "json"];
            var before = await Cli.RunAsync(seeded.App.ConnectionString, report);
            var after = await Cli.RunAsync(restored, report);
            (before.Exit, after.Exit).ShouldBe((0, 0));
            after.Out.ShouldBe(before.Out);
            before.Out.ShouldContain("xa-quang-dien");

            // only into an empty database, and only an unaltered file
            (await Cli.RunAsync(restored, "restore", file)).Err.ShouldContain("is not empty");
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0xFF;   // one byte altered in the middle of the dump
            await File.WriteAllBytesAsync(file, bytes);
            (await Cli.RunAsync(restored, "restore", file)).Err.ShouldContain("does not match its hash");
        }
        finally
        {
            await ThrowawayDatabase.DropAsync(Database.Resolve(), name);
        }
    }
}
