using System.ComponentModel.DataAnnotations;

namespace Chats.Gateway.UserTokens;

/// <summary>
/// How tenants trust user tokens. Bound from <c>Chats:Auth</c>: <c>Tenants:{tenant}:…</c>, where the
/// default tenant (keys without a tenant) is named <c>default</c>.
/// </summary>
public sealed class UserTokenOptions
{
    public const string Section = "Chats:Auth";

    /// <summary>The name under <c>Tenants</c> of the default tenant.</summary>
    public const string DefaultTenantName = "default";

    /// <summary>The audience of the tokens Chats issues and accepts from its own signing secrets.</summary>
    public const string Audience = "chats";

    /// <summary>The tenants that accept user tokens, by name.</summary>
    public Dictionary<string, TenantTokenOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How far clocks may disagree when checking a token's times (at most one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a gateway trusts what it last read of a user's revocation: a revoked token is refused everywhere within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RevocationCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The tenant's scoping name (the empty string for the default tenant) of a configured tenant name.</summary>
    public static string TenantOf(string configuredName) => configuredName == DefaultTenantName ? TenantKeys.DefaultTenant : configuredName;

    /// <summary>The issuer (<c>iss</c>) of the tokens Chats signs for a tenant.</summary>
    public static string IssuerOf(string tenant) => "chats:" + (tenant.Length == 0 ? DefaultTenantName : tenant);
}
