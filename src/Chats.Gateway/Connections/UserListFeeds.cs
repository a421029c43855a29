using System.Collections.Concurrent;

namespace Chats.Gateway.Connections;

/// <summary>
/// This gateway's observers of users' chat lists: one per user however many of their connections it
/// holds (a phone and a browser share it), renewed with the chat feeds. A list that was reactivated
/// (another epoch) or dropped the observer ends the user's connections here; they resume with their cursors.
/// </summary>
public sealed class UserListFeeds(IClusterClient cluster)
{
    private readonly ConcurrentDictionary<string, UserListFeed> _feeds = new(StringComparer.Ordinal);

    public int Count => _feeds.Count;

    /// <summary>Adds the connection to its user's feed and asks the list for its rows (and what changed since <paramref name="since"/>).</summary>
    internal async Task<ChatListFeed> FollowAsync(string userKey, ConnectSession session, ChatListPosition? since)
    {
        UserListFeed feed;
        do
        {
            feed = _feeds.GetOrAdd(userKey, key => new UserListFeed(key, cluster));
        }
        while (!feed.TryAdd(session));

        try
        {
            var list = await cluster.GetGrain<IUserChatsGrain>(userKey).FollowAsync(feed.Reference, since);
            feed.IsOfEpoch(list.Epoch);
            return list;
        }
        catch
        {
            Unfollow(userKey, session);
            throw;
        }
    }

    internal void Unfollow(string userKey, ConnectSession session)
    {
        if (_feeds.TryGetValue(userKey, out var feed) && feed.RemoveAndCloseIfEmpty(session))
        {
            Forget(feed, unfollow: true);
        }
    }

    /// <summary>Renews every feed; a feed whose list moved or dropped it ends its connections.</summary>
    public Task RenewAllAsync() => Task.WhenAll(_feeds.Values.Select(RenewAsync));

    private async Task RenewAsync(UserListFeed feed)
    {
        bool current;
        try
        {
            var (epoch, wasSubscribed) = await cluster.GetGrain<IUserChatsGrain>(feed.UserKey).RenewFollowAsync(feed.Reference);
            current = wasSubscribed && feed.IsOfEpoch(epoch);
        }
        catch (Exception)
        {
            current = false;
        }

        if (!current && feed.Close() is { } sessions)
        {
            Forget(feed, unfollow: false);
            foreach (var session in sessions)
            {
                session.End(StreamEndedException.ConnectionMoved());
            }
        }
    }

    private void Forget(UserListFeed feed, bool unfollow)
    {
        _feeds.TryRemove(new KeyValuePair<string, UserListFeed>(feed.UserKey, feed));
        _ = ReleaseAsync(feed, unfollow);
    }

    private async Task ReleaseAsync(UserListFeed feed, bool unfollow)
    {
        try
        {
            if (unfollow)
            {
                await cluster.GetGrain<IUserChatsGrain>(feed.UserKey).UnfollowAsync(feed.Reference);
            }
        }
        catch (Exception)
        {
            // The list's lease for this feed lapses on its own.
        }
        finally
        {
            cluster.DeleteObjectReference<IChatListObserver>(feed.Reference);
        }
    }
}

/// <summary>One user's connections on this gateway, and the gateway's one observer of that user's chat list.</summary>
internal sealed class UserListFeed : IChatListObserver
{
    private readonly Lock _lock = new();
    private readonly HashSet<ConnectSession> _sessions = [];
    private ConnectSession[] _snapshot = [];
    private bool _closed;
    private Guid? _epoch;

    public UserListFeed(string userKey, IClusterClient cluster)
    {
        UserKey = userKey;
        Reference = cluster.CreateObjectReference<IChatListObserver>(this);
    }

    public string UserKey { get; }

    public IChatListObserver Reference { get; }

    public bool TryAdd(ConnectSession session)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _sessions.Add(session);
            _snapshot = [.. _sessions];
            return true;
        }
    }

    public bool RemoveAndCloseIfEmpty(ConnectSession session)
    {
        lock (_lock)
        {
            if (_closed || !_sessions.Remove(session))
            {
                return false;
            }

            _snapshot = [.. _sessions];
            _closed = _sessions.Count == 0;
            return _closed;
        }
    }

    /// <summary>Closes the feed and returns its connections; null if it was closed already.</summary>
    public ConnectSession[]? Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            _closed = true;
            var sessions = _snapshot;
            _sessions.Clear();
            _snapshot = [];
            return sessions;
        }
    }

    // The first follow learns the epoch; another one later means the list was reactivated.
    public bool IsOfEpoch(Guid epoch)
    {
        lock (_lock)
        {
            _epoch ??= epoch;
            return _epoch == epoch;
        }
    }

    public Task OnListChangedAsync(string userKey, Guid epoch, IReadOnlyList<ChatListChange> changes)
    {
        foreach (var session in Volatile.Read(ref _snapshot))
        {
            session.Post(new ConnectInput.ListChanged(epoch, changes));
        }

        return Task.CompletedTask;
    }
}
