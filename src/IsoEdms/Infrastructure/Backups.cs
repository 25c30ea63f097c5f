using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace IsoEdms.Infrastructure;

/// <summary>
/// <c>backup</c> and <c>restore</c> with PostgreSQL's own tools: <c>pg_dump</c> takes the whole store (events, documents,
/// Wolverine's and Hangfire's tables) from one snapshot, so the copy is consistent while the app runs; its SHA-256 is
/// written beside it (FILE.sha256) and checked before a restore, which goes only into an empty database, in one
/// transaction. The tools come from ISOEDMS_PG_BIN, else the newest PostgreSQL installed under /usr/lib/postgresql, else PATH.
/// </summary>
public static class Backups
{
    public static async Task<int> BackupAsync(string connectionString, string file, TextWriter o, TextWriter e, CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".partial";
        var (exit, errors) = await RunAsync("pg_dump", b, ["--format=custom", "--no-owner", "--no-privileges", $"--file={temp}", $"--dbname={b.Database}"], ct);
        if (exit != 0)
        {
            File.Delete(temp);
            e.WriteLine($"backup: pg_dump failed ({exit}): {errors.Trim()}");
            return 1;
        }
        File.Move(temp, full, overwrite: true);
        var hash = await HashAsync(full, ct);
        await File.WriteAllTextAsync(full + ".sha256", $"{hash}  {Path.GetFileName(full)}\n", ct);
        o.WriteLine($"backup: {full} ({new FileInfo(full).Length:N0} bytes), sha256 {hash} in {Path.GetFileName(full)}.sha256");
        return 0;
    }

    public static async Task<int> RestoreAsync(string connectionString, string file, TextWriter o, TextWriter e, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) { e.WriteLine($"restore: {file}: no such file"); return 1; }
        if (!File.Exists(full + ".sha256")) { e.WriteLine($"restore: {file}.sha256 is missing: the backup's hash is written beside it"); return 1; }
        var expected = (await File.ReadAllTextAsync(full + ".sha256", ct)).Split(' ', 2)[0].Trim();
        var actual = await HashAsync(full, ct);
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            e.WriteLine($"restore: {file} does not match its hash (sha256 {actual}, recorded {expected}): the file changed since the backup; nothing was restored");
            return 1;
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", conn);
            if ((long)(await cmd.ExecuteScalarAsync(ct))! > 0)
            {
                e.WriteLine($"restore: the database {b.Database} is not empty; restore into a new, empty database (ISOEDMS_DB names it)");
                return 1;
            }
        }
        var (exit, errors) = await RunAsync("pg_restore", b, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={b.Database}", full], ct);
        if (exit != 0)
        {
            e.WriteLine($"restore: pg_restore failed ({exit}), nothing was restored: {errors.Trim()}");
            return 1;
        }
        o.WriteLine($"restore: {full} (sha256 {actual}) restored into {Database.Describe(connectionString)}");
        return 0;
    }

    private static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static async Task<(int Exit, string Errors)> RunAsync(string tool, NpgsqlConnectionStringBuilder b, IReadOnlyList<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Tool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add($"--host={b.Host ?? "localhost"}");
        psi.ArgumentList.Add($"--port={b.Port}");
        if (b.Username is { Length: > 0 } user) psi.ArgumentList.Add($"--username={user}");
        psi.ArgumentList.Add("--no-password");
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (b.Password is { Length: > 0 } password) psi.Environment["PGPASSWORD"] = password;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {psi.FileName}");
        var errors = p.StandardError.ReadToEndAsync(ct);
        _ = p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await errors);
    }

    private static string Tool(string name)
    {
        if (Environment.GetEnvironmentVariable("ISOEDMS_PG_BIN") is { Length: > 0 } bin) return Path.Combine(bin, name);
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d).Split('.')[0], out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "bin", name))).OrderByDescending(x => x.Version).FirstOrDefault().Dir
            : null;
        return installed is null ? name : Path.Combine(installed, "bin", name);
    }
}
