using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Orleans.TestingHost;

namespace Chats.Tests.Authentication;

/// <summary>A gateway with API keys configured (as hashes, as an operator would), and clients that present them.</summary>
internal static class KeyedGateway
{
    public const string AlphaKey = "alpha-secret-key-1";
    public const string BetaKey = "beta-secret-key-2";
    public const string DefaultTenantKey = "default-tenant-key-3";

    // Signing secrets of the tenants' user tokens (base64 of 32 bytes or more), as an operator configures them.
    public static readonly byte[] AlphaSecretOld = Secret('a', 32);
    public static readonly byte[] AlphaSecret = Secret('A', 64);
    public static readonly byte[] BetaSecret = Secret('B', 32);
    public static readonly byte[] DefaultTenantSecret = Secret('D', 32);

    public static GatewayFactory Create(TestCluster cluster, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chats:Auth:Keys:0:Sha256"] = Sha256Hex(AlphaKey),
            ["Chats:Auth:Keys:0:Tenant"] = "alpha",
            ["Chats:Auth:Keys:0:Name"] = "alpha-app",
            ["Chats:Auth:Keys:1:Sha256"] = Sha256Hex(BetaKey),
            ["Chats:Auth:Keys:1:Tenant"] = "beta",
            ["Chats:Auth:Keys:1:Name"] = "beta-app",
            ["Chats:Auth:Keys:2:Sha256"] = Sha256Hex(DefaultTenantKey).ToUpperInvariant(),
            ["Chats:Auth:Tenants:alpha:SigningKeys:0:Id"] = "alpha-2025",
            ["Chats:Auth:Tenants:alpha:SigningKeys:0:Secret"] = Convert.ToBase64String(AlphaSecretOld),
            ["Chats:Auth:Tenants:alpha:SigningKeys:1:Id"] = "alpha-2026",
            ["Chats:Auth:Tenants:alpha:SigningKeys:1:Secret"] = Convert.ToBase64String(AlphaSecret),
            ["Chats:Auth:Tenants:alpha:MaxTokenLifetime"] = "02:00:00",
            ["Chats:Auth:Tenants:beta:SigningKeys:0:Id"] = "beta-1",
            ["Chats:Auth:Tenants:beta:SigningKeys:0:Secret"] = Convert.ToBase64String(BetaSecret),
            ["Chats:Auth:Tenants:default:SigningKeys:0:Id"] = "default-1",
            ["Chats:Auth:Tenants:default:SigningKeys:0:Secret"] = Convert.ToBase64String(DefaultTenantSecret),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new GatewayFactory(cluster, settings);
    }

    public static HttpClient ClientWithKey(GatewayFactory gateway, string? key)
    {
        var http = gateway.CreateClient();
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    private static byte[] Secret(char fill, int length) => Encoding.ASCII.GetBytes(new string(fill, length));

    // What `printf %s "$KEY" | sha256sum` prints.
    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
