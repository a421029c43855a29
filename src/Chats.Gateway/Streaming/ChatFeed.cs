namespace Chats.Gateway.Streaming;

/// <summary>
/// The clients of one chat on this gateway. It is the observer the chat delivers to (one per chat and
/// gateway, so a feed that closes cannot unsubscribe the one that replaces it), and fans each delivery
/// out to its clients. Once closed it takes no new clients; a fresh feed replaces it.
/// </summary>
internal sealed class ChatFeed(string chatKey, Action<ChatFeed, StreamEndedException> endedByChat) : IChatObserver
{
    private readonly Lock _lock = new();
    private readonly List<IStreamSubscriber> _clients = [];
    private IStreamSubscriber[] _snapshot = [];
    private bool _closed;

    public string ChatKey { get; } = chatKey;

    /// <summary>This feed as a grain observer; set by the hub right after construction.</summary>
    public IChatObserver? Reference { get; set; }

    /// <summary>The subscription made for the first client; later ones share it.</summary>
    public Task<ChatSubscription>? Registration { get; private set; }

    public bool TryAdd(IStreamSubscriber client)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _clients.Add(client);
            _snapshot = [.. _clients];
            return true;
        }
    }

    /// <summary>Removes the client; when it was the last one the feed closes, and this returns true.</summary>
    public bool RemoveAndCloseIfEmpty(IStreamSubscriber client)
    {
        lock (_lock)
        {
            if (_closed || !_clients.Remove(client))
            {
                return false;
            }

            _snapshot = [.. _clients];
            _closed = _clients.Count == 0;
            return _closed;
        }
    }

    public Task<ChatSubscription> RegisterAsync(Func<Task<ChatSubscription>> subscribe)
    {
        lock (_lock)
        {
            return Registration ??= subscribe();
        }
    }

    /// <summary>Closes the feed and returns the clients it had; null if it was closed already.</summary>
    public IStreamSubscriber[]? Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            _closed = true;
            var clients = _snapshot;
            _clients.Clear();
            _snapshot = [];
            return clients;
        }
    }

    public Task OnEventsAsync(string chatKey, IReadOnlyList<ChatEvent> events)
    {
        // Never waits: a full client is ended, not waited for, so one slow client cannot slow the others.
        // One frame per event for every client: each frame kind is serialized once.
        var clients = Volatile.Read(ref _snapshot);
        if (clients.Length == 0)
        {
            return Task.CompletedTask;
        }

        var frames = new StreamFrame[events.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = new StreamFrame(events[i]);
        }

        foreach (var client in clients)
        {
            client.Offer(frames);
        }

        return Task.CompletedTask;
    }

    public Task OnTypingAsync(TypingNotice notice)
    {
        foreach (var client in Volatile.Read(ref _snapshot))
        {
            client.OfferTyping(notice);
        }

        return Task.CompletedTask;
    }

    public Task OnStreamEndedAsync(string chatKey)
    {
        endedByChat(this, StreamEndedException.Moved());
        return Task.CompletedTask;
    }
}
