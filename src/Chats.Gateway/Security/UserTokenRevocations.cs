using Microsoft.Extensions.Caching.Memory;

namespace Chats.Gateway.Security;

/// <summary>
/// What this gateway knows of users' token revocations (<see cref="IUserTokensGrain"/>), each read kept for
/// <see cref="UserTokenOptions.RevocationCacheDuration"/>: a revocation reaches every gateway within that.
/// </summary>
public sealed class UserTokenRevocations(IClusterClient cluster, IOptions<UserTokenOptions> options, IMemoryCache cache)
{
    /// <summary>Tokens of the user issued before this are revoked; null: none are.</summary>
    public async ValueTask<DateTimeOffset?> RevokedBeforeAsync(string tenant, string userId)
    {
        var key = GrainKey(tenant, userId);
        if (cache.TryGetValue(key, out DateTimeOffset? known))
        {
            return known;
        }

        var revokedBefore = await cluster.GetGrain<IUserTokensGrain>(key).GetRevokedBeforeAsync();
        cache.Set(key, revokedBefore, options.Value.RevocationCacheDuration);
        return revokedBefore;
    }

    /// <summary>Revokes the user's tokens issued before <paramref name="issuedBefore"/>; this gateway knows at once.</summary>
    public async Task<DateTimeOffset> RevokeAsync(string tenant, string userId, DateTimeOffset issuedBefore)
    {
        var key = GrainKey(tenant, userId);
        var revokedBefore = await cluster.GetGrain<IUserTokensGrain>(key).RevokeAsync(issuedBefore);
        cache.Set<DateTimeOffset?>(key, revokedBefore, options.Value.RevocationCacheDuration);
        return revokedBefore;
    }

    private static string GrainKey(string tenant, string userId) => UserTokenKeys.GrainKey(TenantKeys.Scope(tenant, userId));
}
