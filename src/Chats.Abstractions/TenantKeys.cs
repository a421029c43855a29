namespace Chats;

/// <summary>
/// Grain keys (and so table keys) of a tenant: <c>\u0001{tenant}\u0001{key}</c>. The default tenant
/// (the empty string) uses bare keys, so data written before tenants existed stays where it is. No id
/// the API accepts holds a control character, so no default-tenant key can pass for a tenant's.
/// </summary>
public static class TenantKeys
{
    /// <summary>The default tenant: the service without API keys, and keys configured without a tenant.</summary>
    public const string DefaultTenant = "";

    private const char Marker = '\u0001';

    /// <summary>The key of <paramref name="key"/> within <paramref name="tenant"/>.</summary>
    public static string Scope(string tenant, string key)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(key);
        return tenant.Length == 0 ? key : string.Concat(Marker.ToString(), tenant, Marker.ToString(), key);
    }

    /// <summary>The tenant and the tenant-local key of a scoped key.</summary>
    public static (string Tenant, string Key) Split(string scopedKey)
    {
        ArgumentNullException.ThrowIfNull(scopedKey);
        if (scopedKey.Length > 0 && scopedKey[0] == Marker)
        {
            var end = scopedKey.IndexOf(Marker, 1);
            if (end > 0)
            {
                return (scopedKey[1..end], scopedKey[(end + 1)..]);
            }
        }

        return (DefaultTenant, scopedKey);
    }

    /// <summary>The tenant-local part of a scoped key (what clients of that tenant see).</summary>
    public static string Unscope(string scopedKey) => Split(scopedKey).Key;

    /// <summary>The key of <paramref name="key"/> in the same tenant as <paramref name="scopedKey"/>.</summary>
    public static string ScopeLike(string scopedKey, string key) => Scope(Split(scopedKey).Tenant, key);
}
