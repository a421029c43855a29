using System.Collections.Concurrent;
using Chats.Hosting;

namespace Chats.Webhooks;

/// <summary>
/// A silo's copy of each tenant's endpoints, read again once it is <see cref="ChatsWebhookOptions.EndpointCacheTime"/>
/// old (a call that returns nothing when the version is unchanged): chats ask it on every commit
/// whether their tenant has endpoints, deliveries where to send.
/// </summary>
internal sealed class WebhookDirectory(IGrainFactory grains, IOptions<ChatsWebhookOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    public ValueTask<WebhookTargets> GetAsync(string tenant)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenant, out var entry) && now - entry.ReadAt < options.Value.EndpointCacheTime)
        {
            return ValueTask.FromResult(entry.Targets);
        }

        return new ValueTask<WebhookTargets>(RefreshAsync(tenant, entry, now));
    }

    /// <summary>Forgets a tenant's copy, so the next read asks its grain (after a change made on this silo).</summary>
    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);

    private async Task<WebhookTargets> RefreshAsync(string tenant, Entry? known, DateTimeOffset now)
    {
        var changed = await grains.GetGrain<IWebhookRegistryGrain>(IWebhooksGrain.GrainKeyOf(tenant)).GetTargetsAsync(known?.Targets.Version ?? -1);
        var targets = changed ?? known?.Targets ?? WebhookTargets.None;
        _tenants[tenant] = new Entry(targets, now);
        return targets;
    }

    private sealed record class Entry(WebhookTargets Targets, DateTimeOffset ReadAt);
}
