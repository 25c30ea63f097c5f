using Alba;
using IsoEdms.Access;
using IsoEdms.Infrastructure;
using Npgsql;

namespace IsoEdms.Tests.Access;

/// <summary>Passwords live in a replaceable document, never in an event; repeated failures lock a person's sign-in.</summary>
public class CredentialTests(AppFixture app) : IClassFixture<AppFixture>
{
    private Task<IScenarioResult> SignIn(string person, string password, int status) => app.Host.Scenario(s =>
    {
        s.Post.Json(new TokenRequest(person, password)).ToUrl("/api/auth/token");
        s.WithRequestHeader("Authorization", AppFixture.Anonymous);
        s.StatusCodeShouldBe(status);
    });

    private async Task<long> Count(string sql)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary><c>users password</c> is a command on the bus: a refused one writes nothing, an accepted one is recorded for --by.</summary>
    [Fact]
    public async Task the_command_line_changes_a_password_through_the_bus_and_a_refused_one_writes_nothing()
    {
        await app.SeedPeopleAsync();
        var s = MartenSetup.Schema;
        var changes = $"SELECT count(*) FROM {s}.mt_events WHERE type = 'password_changed' AND data->>'person' = 'ho-thi-xuan'";
        var before = await Count(changes);

        var tooShort = await Cli.RunWithInputAsync(app.ConnectionString, "ngan\n", "users", "password", "ho-thi-xuan", "--by", "admin");
        tooShort.Exit.ShouldBe(1);
        tooShort.Err.ShouldContain("8");
        (await Count(changes)).ShouldBe(before);
        await SignIn("ho-thi-xuan", Passwords.Demo, 200);

        var changed = await Cli.RunWithInputAsync(app.ConnectionString, "mat-khau-cua-xuan\n", "users", "password", "ho-thi-xuan", "--by", "admin");
        changed.Exit.ShouldBe(0, changed.Err);
        changed.Out.ShouldContain("password of ho-thi-xuan changed");
        (await Count(changes)).ShouldBe(before + 1);
        (await Count($"SELECT count(*) FROM {s}.mt_events WHERE type = 'password_changed' AND data->>'person' = 'ho-thi-xuan' AND data->>'by' = 'admin'")).ShouldBe(1);
        await SignIn("ho-thi-xuan", "mat-khau-cua-xuan", 200);
        await SignIn("ho-thi-xuan", Passwords.Demo, 401);
    }

    [Fact]
    public async Task no_event_holds_a_password_hash_and_a_change_replaces_the_document()
    {
        await app.SeedPeopleAsync();
        var s = MartenSetup.Schema;
        // ASP.NET Core Identity's hashes start with the version byte 0x01, "AQAAAA" in base64
        (await Count($"SELECT count(*) FROM {s}.mt_events WHERE data::text LIKE '%AQAAAA%' OR type = 'password_set'")).ShouldBe(0);
        (await Count($"SELECT count(*) FROM {s}.mt_events WHERE type = 'password_changed'")).ShouldBeGreaterThan(10);

        // what `users password` does: the document is replaced, the event says who changed it and when
        var before = await Count($"SELECT count(*) FROM {s}.mt_events WHERE type = 'password_changed' AND data->>'person' = 'pham-thi-lan'");
        await using (var session = app.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            (await Passwords.SetAsync(session, "pham-thi-lan", "mat-khau-moi-2026", "admin", app.Clock.GetUtcNow(), CancellationToken.None)).ShouldBeNull();
            await Transactions.CommitAsync(session);
        }
        (await Count($"SELECT count(*) FROM {s}.mt_events WHERE type = 'password_changed' AND data->>'person' = 'pham-thi-lan'")).ShouldBe(before + 1);
        (await Count($"SELECT count(*) FROM {s}.mt_events WHERE data::text LIKE '%AQAAAA%'")).ShouldBe(0);
        await SignIn("pham-thi-lan", Passwords.Demo, 401);
        await SignIn("pham-thi-lan", "mat-khau-moi-2026", 200);
    }

    [Fact]
    public async Task five_failures_in_a_row_lock_the_sign_in_for_fifteen_minutes_even_with_the_right_password()
    {
        await app.SeedPeopleAsync();
        const string person = "vo-thi-mai";
        for (var i = 1; i < Passwords.MaxFailures; i++) await SignIn(person, "sai-mat-khau", 401);
        await SignIn(person, "sai-mat-khau", 429);   // the fifth failure locks, and says so
        var locked = await SignIn(person, Passwords.Demo, 429);
        (await locked.ReadAsTextAsync()).ShouldContain("too many failed sign-ins");
        await SignIn("le-thi-hoa", Passwords.Demo, 200);   // another person is not affected

        app.Clock.Advance(Passwords.Lockout + TimeSpan.FromMinutes(1));
        await SignIn(person, Passwords.Demo, 200);
        // the success cleared the count: four new failures do not lock
        for (var i = 0; i < Passwords.MaxFailures - 1; i++) await SignIn(person, "sai-mat-khau", 401);
        await SignIn(person, Passwords.Demo, 200);
    }
}
