namespace Chats;

/// <summary>
/// Grain keys (and so table keys) of a tenant: <see cref="StorageKeys.Encode"/> of
/// <c>\u0001{tenant}\u0001{key}</c>, which reads <c>%01{tenant}%01{key}</c>. The default tenant (the
/// empty string) uses the bare encoded key, so data written before tenants existed stays where it is;
/// no default-tenant key can pass for a tenant's, since an encoded key starts with <c>%01</c> only when
/// its input started with U+0001, which no id the API accepts holds. The encoded form is exactly what
/// the message and chat-list tables have always used as keys, so moving grain keys to it moved no rows.
/// </summary>
public static class TenantKeys
{
    /// <summary>The default tenant: the service without API keys, and keys configured without a tenant.</summary>
    public const string DefaultTenant = "";

    private const char Marker = '\u0001';
    private const string EncodedMarker = "%01";

    /// <summary>The grain key of <paramref name="key"/> (any string) within <paramref name="tenant"/>.</summary>
    public static string Scope(string tenant, string key)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(key);
        return StorageKeys.Encode(tenant.Length == 0 ? key : string.Concat(Marker.ToString(), tenant, Marker.ToString(), key));
    }

    /// <summary>The tenant of a grain key made by <see cref="Scope"/>.</summary>
    public static string TenantOf(string scopedKey)
    {
        ArgumentNullException.ThrowIfNull(scopedKey);
        if (!scopedKey.StartsWith(EncodedMarker, StringComparison.Ordinal))
        {
            return DefaultTenant;
        }

        var end = scopedKey.IndexOf(EncodedMarker, EncodedMarker.Length, StringComparison.Ordinal);
        return end > 0 ? scopedKey[EncodedMarker.Length..end] : DefaultTenant;
    }

    /// <summary>The tenant-local key (what clients of that tenant see) of a grain key made by <see cref="Scope"/>.</summary>
    /// <exception cref="ArgumentException">The key was too long to keep whole (it ends in a hash).</exception>
    public static string Unscope(string scopedKey)
    {
        var decoded = StorageKeys.TryDecode(scopedKey)
            ?? throw new ArgumentException($"The grain key \"{scopedKey}\" is a hash of a longer key and cannot be unscoped.", nameof(scopedKey));
        if (decoded.Length > 0 && decoded[0] == Marker)
        {
            var end = decoded.IndexOf(Marker, 1);
            if (end > 0)
            {
                return decoded[(end + 1)..];
            }
        }

        return decoded;
    }

    /// <summary>The grain key of <paramref name="key"/> in the same tenant as <paramref name="scopedKey"/>.</summary>
    public static string ScopeLike(string scopedKey, string key) => Scope(TenantOf(scopedKey), key);
}
