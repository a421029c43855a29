using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Orleans.TestingHost;

namespace Chats.Tests.Security;

/// <summary>A gateway with API keys configured (as hashes, as an operator would), and clients that present them.</summary>
internal static class KeyedGateway
{
    public const string AlphaKey = "alpha-secret-key-1";
    public const string BetaKey = "beta-secret-key-2";
    public const string DefaultTenantKey = "default-tenant-key-3";

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

    // What `printf %s "$KEY" | sha256sum` prints.
    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
