using System.Net;
using Microsoft.IdentityModel.Tokens;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.UserTokens;

/// <summary>
/// A tenant that trusts an app's own OpenID Connect provider (Authority and Audience): the provider's
/// tokens sign its users in, over a JWKS document the test serves; forged ones are refused.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OidcUserTokenTests(ClusterFixture fixture) : IAsyncLifetime
{
    private const string Audience = "gamma-app";
    private TestOidcProvider _provider = null!;
    private GatewayFactory _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string?>
        {
            ["Chats:Auth:Keys:0:Sha256"] = KeyedGateway.Sha256Hex("gamma-server-key"),
            ["Chats:Auth:Keys:0:Tenant"] = "gamma",
            ["Chats:Auth:Tenants:gamma:Authority"] = _provider.Authority,
            ["Chats:Auth:Tenants:gamma:Audience"] = Audience,
            ["Chats:Auth:Tenants:gamma:RequireHttpsMetadata"] = "false",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task AProviderTokenSignsItsUserInToTheTenant()
    {
        var alice = TestData.UserId("alice");
        var server = KeyedGateway.ClientWithKey(_gateway, "gamma-server-key");
        var chat = await PostAsync(server, "/v1/chats/CreateChat", new { user_ids = new[] { alice, TestData.UserId("bob") } });

        var listed = await PostAsync(KeyedGateway.ClientWithKey(_gateway, _provider.Token(alice, Audience)), "/v1/chats/ListChats", "{}");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(chat.Body.GetProperty("chat").GetProperty("id").GetString(), Assert.Single(listed.Body.GetProperty("chats").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ProviderTokensThatAreForgedOrNotForThisAppAreTokenInvalid()
    {
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var publicKeyAsHmacSecret = _provider.SigningKey.Rsa.ExportParameters(false).Modulus!;
        string[] forged =
        [
            _provider.Token("alice", "another-app"),
            _provider.Token("alice", Audience, t => t.SigningCredentials = new SigningCredentials(new RsaSecurityKey(otherKey) { KeyId = "provider-key-1" }, SecurityAlgorithms.RsaSha256)),
            _provider.Token("alice", Audience, t => t.SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(publicKeyAsHmacSecret) { KeyId = "provider-key-1" }, SecurityAlgorithms.HmacSha256)),
            _provider.Token("alice", Audience, t => t.SigningCredentials = null),
        ];

        foreach (var token in forged)
        {
            var reply = await PostAsync(KeyedGateway.ClientWithKey(_gateway, token), "/v1/chats/ListChats", "{}");
            AssertMicroError(HttpStatusCode.Unauthorized, "TOKEN_INVALID", reply);
        }
    }
}
