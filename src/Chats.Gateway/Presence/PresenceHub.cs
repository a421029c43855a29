using System.Collections.Concurrent;

namespace Chats.Gateway.Presence;

/// <summary>
/// The gateway's side of presence: one <see cref="PresenceFeed"/> per user that any connection of this
/// gateway watches, subscribed to the user's presence grain and renewed with the chat feeds; the last
/// watcher leaving unsubscribes it. So a user watched by a thousand connections here costs their
/// grain one observer.
/// </summary>
public sealed class PresenceHub(IClusterClient cluster)
{
    private readonly ConcurrentDictionary<string, PresenceFeed> _feeds = new(StringComparer.Ordinal);

    public int FeedCount => _feeds.Count;

    /// <summary>Starts sending <paramref name="watcher"/> the user's changes; returns the presence now.</summary>
    public async Task<UserPresence> WatchAsync(string userKey, IPresenceWatcher watcher)
    {
        PresenceFeed feed;
        do
        {
            feed = _feeds.GetOrAdd(userKey, key => new PresenceFeed(key, cluster));
        }
        while (!feed.TryAdd(watcher));

        try
        {
            return await feed.SubscribeAsync();
        }
        catch
        {
            Unwatch(userKey, watcher);
            throw;
        }
    }

    public void Unwatch(string userKey, IPresenceWatcher watcher)
    {
        if (_feeds.TryGetValue(userKey, out var feed) && feed.RemoveAndCloseIfEmpty(watcher))
        {
            _feeds.TryRemove(new KeyValuePair<string, PresenceFeed>(userKey, feed));
            _ = feed.ReleaseAsync();
        }
    }

    /// <summary>Renews every feed's subscription (a presence grain that was reactivated forgets its watchers).</summary>
    public Task RenewAllAsync() => Task.WhenAll(_feeds.Values.Select(feed => feed.RenewAsync()));
}

/// <summary>What a <see cref="PresenceFeed"/> tells: a connection watching users' presence.</summary>
public interface IPresenceWatcher
{
    /// <summary>A watched user's presence changed; must never wait.</summary>
    void OfferPresence(UserPresence presence);
}

/// <summary>The watchers of one user's presence on this gateway, and the gateway's one observer of it.</summary>
internal sealed class PresenceFeed(string userKey, IClusterClient cluster) : IPresenceObserver
{
    private readonly Lock _lock = new();
    private readonly HashSet<IPresenceWatcher> _watchers = [];
    private IPresenceWatcher[] _snapshot = [];
    private IPresenceObserver? _reference;
    private bool _closed;
    private bool? _lastOnline;

    private IPresenceGrain Grain => cluster.GetGrain<IPresenceGrain>(userKey);

    public bool TryAdd(IPresenceWatcher watcher)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _watchers.Add(watcher);
            _snapshot = [.. _watchers];
            _reference ??= cluster.CreateObjectReference<IPresenceObserver>(this);
            return true;
        }
    }

    public bool RemoveAndCloseIfEmpty(IPresenceWatcher watcher)
    {
        lock (_lock)
        {
            if (_closed || !_watchers.Remove(watcher))
            {
                return false;
            }

            _snapshot = [.. _watchers];
            _closed = _watchers.Count == 0;
            return _closed;
        }
    }

    public async Task<UserPresence> SubscribeAsync()
    {
        var now = await Grain.WatchAsync(_reference!);
        _lastOnline ??= now.Online;
        return now;
    }

    public async Task RenewAsync()
    {
        try
        {
            // A grain that was reactivated meanwhile may have had a change this feed never heard.
            var now = await Grain.WatchAsync(_reference!);
            if (now.Online != _lastOnline)
            {
                await OnPresenceAsync(now);
            }
        }
        catch (Exception)
        {
            // The next renewal tries again; until then this user's changes may be late, never wrong for long.
        }
    }

    public async Task ReleaseAsync()
    {
        try
        {
            await Grain.UnwatchAsync(_reference!);
        }
        catch (Exception)
        {
            // The grain's lease for this feed lapses on its own.
        }
        finally
        {
            cluster.DeleteObjectReference<IPresenceObserver>(_reference!);
        }
    }

    public Task OnPresenceAsync(UserPresence presence)
    {
        _lastOnline = presence.Online;
        foreach (var watcher in Volatile.Read(ref _snapshot))
        {
            watcher.OfferPresence(presence);
        }

        return Task.CompletedTask;
    }
}
