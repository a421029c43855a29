using Microsoft.IdentityModel.Tokens;

namespace Chats.Gateway.UserTokens;

/// <summary>
/// Every tenant's signing secrets as keys, by <c>kid</c> (a kid names one tenant's key), and the key each
/// tenant signs new tokens with (its last one). Validated at start: ids unique, secrets of 32 bytes or more.
/// </summary>
public sealed class SigningKeyRing
{
    private readonly Dictionary<string, TenantSigningKey> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantSigningKey> _newestByTenant = new(StringComparer.Ordinal);

    public SigningKeyRing(IOptions<UserTokenOptions> options)
    {
        foreach (var (name, tenantOptions) in options.Value.Tenants)
        {
            var tenant = UserTokenOptions.TenantOf(name);
            foreach (var entry in tenantOptions.SigningKeys)
            {
                var secret = Convert.FromBase64String(entry.Secret);
                var key = new TenantSigningKey(tenant, new SymmetricSecurityKey(secret) { KeyId = entry.Id }, tenantOptions.MaxTokenLifetime);
                if (!_byId.TryAdd(entry.Id, key))
                {
                    throw new InvalidOperationException($"Chats:Auth:Tenants: the signing key id \"{entry.Id}\" is used twice.");
                }

                _newestByTenant[tenant] = key;
            }
        }
    }

    /// <summary>The key a token's <c>kid</c> names, or null.</summary>
    public TenantSigningKey? Find(string? keyId) => keyId is not null && _byId.TryGetValue(keyId, out var key) ? key : null;

    /// <summary>The key that signs new tokens of <paramref name="tenant"/>, or null when it has none.</summary>
    public TenantSigningKey? NewestOf(string tenant) => _newestByTenant.GetValueOrDefault(tenant);
}

/// <summary>One signing secret and what it is trusted for.</summary>
public sealed record class TenantSigningKey(string Tenant, SymmetricSecurityKey Key, TimeSpan MaxTokenLifetime)
{
    public string Issuer => UserTokenOptions.IssuerOf(Tenant);
}
