using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chats.Tests.UserTokens;

/// <summary>
/// An OpenID Connect provider as small as a test needs, on a loopback port: a discovery document, its
/// signing key as a JWKS, and tokens signed with that key (RS256).
/// </summary>
internal sealed class TestOidcProvider : IAsyncDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly WebApplication _app;

    private TestOidcProvider(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
        SigningKey = new RsaSecurityKey(_rsa) { KeyId = "provider-key-1" };
    }

    public string Authority { get; }

    public RsaSecurityKey SigningKey { get; }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var port = FreePort.Next();
        var authority = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority);
        var app = builder.Build();
        var provider = new TestOidcProvider(app, authority);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority,
            ["jwks_uri"] = $"{authority}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var publicKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._rsa.ExportParameters(false)) { KeyId = "provider-key-1" });
            return Results.Json(new Dictionary<string, object> { ["keys"] = new[] { ToJwk(publicKey) } });
        });
        await app.StartAsync();
        return provider;
    }

    /// <summary>A token of this provider for <paramref name="subject"/>, changed by <paramref name="shape"/>.</summary>
    public string Token(string subject, string audience, Action<SecurityTokenDescriptor>? shape = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        };
        shape?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private static Dictionary<string, string> ToJwk(JsonWebKey key) => new()
    {
        ["kty"] = key.Kty,
        ["kid"] = key.Kid,
        ["use"] = "sig",
        ["alg"] = "RS256",
        ["n"] = key.N,
        ["e"] = key.E,
    };
}
