using System.CommandLine;

namespace IsoEdms.Cli;

/// <summary><c>backup --out FILE</c> and <c>restore FILE</c>: the whole store with pg_dump and pg_restore, hash checked.</summary>
public static class BackupVerbs
{
    public static Command Backup(CliContext cli)
    {
        var file = CommonOptions.Text("--out", "FILE", "the backup file (its SHA-256 goes to FILE.sha256)", required: true);
        var command = new Command("backup", "a consistent copy of the whole store (pg_dump) and its SHA-256 in FILE.sha256") { file };
        command.SetAction((parse, ct) => Backups.BackupAsync(cli.ConnectionString, parse.GetValue(file)!, cli.Out, cli.Err, ct));
        return command;
    }

    public static Command Restore(CliContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "a file written by 'backup'" };
        var command = new Command("restore", "restore a backup into the empty database that ISOEDMS_DB names (its hash checked first); then run 'audit verify'") { file };
        command.SetAction((parse, ct) => Backups.RestoreAsync(cli.ConnectionString, parse.GetRequiredValue(file), cli.Out, cli.Err, ct));
        return command;
    }
}
