using System.Collections.Concurrent;

namespace Chats.Gateway.UserTokens;

/// <summary>
/// What this gateway knows of each tenant's token revocations (<see cref="IUserTokenRevocationsGrain"/>):
/// the tenant's whole list, read again at most every <see cref="UserTokenOptions.RevocationCacheDuration"/>
/// (one call per tenant, and none when nothing changed), so a revocation reaches every gateway within
/// that time and checking a token costs a dictionary lookup.
/// </summary>
public sealed class UserTokenRevocations(IClusterClient cluster, IOptions<UserTokenOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TenantRevocations> _tenants = new(StringComparer.Ordinal);

    /// <summary>Tokens of the user issued before this are revoked; null: none are.</summary>
    public async ValueTask<DateTimeOffset?> RevokedBeforeAsync(string tenant, string userId)
    {
        var list = await _tenants.GetOrAdd(tenant, name => new TenantRevocations(cluster, name)).CurrentAsync(time.GetUtcNow(), options.Value.RevocationCacheDuration);
        return list.RevokedBefore.TryGetValue(userId, out var before) ? before : null;
    }

    /// <summary>Revokes the user's tokens issued before <paramref name="issuedBefore"/>; this gateway knows at once.</summary>
    public async Task<DateTimeOffset> RevokeAsync(string tenant, string userId, DateTimeOffset issuedBefore)
    {
        var revokedBefore = await cluster.GetGrain<IUserTokenRevocationsGrain>(IUserTokenRevocationsGrain.GrainKeyOf(tenant)).RevokeAsync(userId, issuedBefore);
        _tenants.GetOrAdd(tenant, name => new TenantRevocations(cluster, name)).Expire();
        return revokedBefore;
    }

    // One tenant's list and when it was read; concurrent readers of a stale list share one refresh.
    private sealed class TenantRevocations(IClusterClient cluster, string tenant)
    {
        private readonly object _lock = new();
        private RevocationList _list = RevocationList.Empty;
        private DateTimeOffset _readAt = DateTimeOffset.MinValue;
        private Task<RevocationList>? _refreshing;

        public Task<RevocationList> CurrentAsync(DateTimeOffset now, TimeSpan maxAge)
        {
            lock (_lock)
            {
                if (now - _readAt <= maxAge)
                {
                    return Task.FromResult(_list);
                }

                return _refreshing ??= RefreshAsync(now);
            }
        }

        public void Expire()
        {
            lock (_lock)
            {
                _readAt = DateTimeOffset.MinValue;
            }
        }

        private async Task<RevocationList> RefreshAsync(DateTimeOffset now)
        {
            try
            {
                var changed = await cluster.GetGrain<IUserTokenRevocationsGrain>(IUserTokenRevocationsGrain.GrainKeyOf(tenant)).GetAsync(_list.Version);
                lock (_lock)
                {
                    _list = changed ?? _list;
                    _readAt = now;
                    return _list;
                }
            }
            finally
            {
                lock (_lock)
                {
                    _refreshing = null;
                }
            }
        }
    }
}
