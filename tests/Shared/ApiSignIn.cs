using System.Net.Http.Json;
using System.Text.Json;

namespace IsoEdms.Testing;

/// <summary>Signs an HTTP client in to a running app's API as one of the demo people (bearer token).</summary>
public static class ApiSignIn
{
    public static async Task SignInAsync(HttpClient http, string person)
    {
        var r = await http.PostAsJsonAsync("/api/auth/token", new { person, password = IsoEdms.Access.Passwords.Demo });
        r.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new("Bearer", doc.RootElement.GetProperty("access_token").GetString());
    }
}
