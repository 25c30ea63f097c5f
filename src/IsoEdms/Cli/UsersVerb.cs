using System.CommandLine;

namespace IsoEdms.Cli;

/// <summary><c>users password PERSON | demo-passwords</c>: sign-in passwords.</summary>
public static class UsersVerb
{
    public static Command Build(CliContext cli)
    {
        var person = new Argument<string>("PERSON") { Description = "the person code" };
        var password = cli.Writes(new Command("password", "set one person's password (read from standard input)") { person });
        password.SetAction(async (parse, ct) =>
        {
            var who = parse.GetRequiredValue(person);
            var given = (await cli.In.ReadLineAsync(ct))?.TrimEnd('\r') ?? "";
            var answer = await cli.SendAsync<string>(new SetPasswordCommand(who, given, cli.By(parse)), ct);
            if (answer.Refusal is { } refused) { cli.Err.WriteLine($"isoedms users: {cli.Say(refused)}"); return 1; }
            cli.Out.WriteLine(answer.Value);
            return 0;
        });

        var demo = cli.Writes(new Command("demo-passwords", "give everyone without a password the documented demo password (demo data only)"));
        demo.SetAction(async (parse, ct) =>
        {
            var answer = await cli.SendAsync<int>(new SetDemoPasswordsCommand(cli.By(parse)), ct);
            var count = answer.Value;
            cli.Out.WriteLine(Ui.L.T($"{count} người có thể đăng nhập bằng mật khẩu trình diễn '{Passwords.Demo}' (chỉ cho dữ liệu trình diễn)", $"{count} people can now sign in with the demo password '{Passwords.Demo}' (demo data only)"));
            return 0;
        });
        return new Command("users", "sign-in passwords: set one person's, or give everyone without one the documented demo password") { password, demo };
    }
}
