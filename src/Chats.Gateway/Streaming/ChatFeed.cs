namespace Chats.Gateway.Streaming;

/// <summary>
/// The clients of one chat on this gateway. It is the observer the chat delivers to (one per chat and
/// gateway, so a feed that closes cannot unsubscribe the one that replaces it), and fans each delivery
/// out to its subscribers. Once closed it takes no new subscribers; a fresh feed replaces it.
/// </summary>
internal sealed class ChatFeed(string chatKey, Action<ChatFeed, StreamEndedException> endedByChat) : IChatObserver
{
    private readonly Lock _lock = new();
    private readonly List<StreamSubscriber> _subscribers = [];
    private StreamSubscriber[] _snapshot = [];
    private bool _closed;

    public string ChatKey { get; } = chatKey;

    /// <summary>This feed as a grain observer; set by the hub right after construction.</summary>
    public IChatObserver? Reference { get; set; }

    /// <summary>The subscription made for the first subscriber; later ones share it.</summary>
    public Task<ChatSubscription>? Registration { get; private set; }

    public bool TryAdd(StreamSubscriber subscriber)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _subscribers.Add(subscriber);
            _snapshot = [.. _subscribers];
            return true;
        }
    }

    /// <summary>Removes the subscriber; when it was the last one the feed closes, and this returns true.</summary>
    public bool RemoveAndCloseIfEmpty(StreamSubscriber subscriber)
    {
        lock (_lock)
        {
            if (_closed || !_subscribers.Remove(subscriber))
            {
                return false;
            }

            _snapshot = [.. _subscribers];
            _closed = _subscribers.Count == 0;
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

    /// <summary>Closes the feed and returns the subscribers it had; null if it was closed already.</summary>
    public StreamSubscriber[]? Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            _closed = true;
            var subscribers = _snapshot;
            _subscribers.Clear();
            _snapshot = [];
            return subscribers;
        }
    }

    public Task OnMessagesAsync(string chatKey, IReadOnlyList<ChatMessage> messages)
    {
        // Never waits: a full subscriber is ended, not waited for, so one slow client cannot slow the others.
        foreach (var subscriber in Volatile.Read(ref _snapshot))
        {
            subscriber.Offer(messages);
        }

        return Task.CompletedTask;
    }

    public Task OnStreamEndedAsync(string chatKey)
    {
        endedByChat(this, StreamEndedException.Moved());
        return Task.CompletedTask;
    }
}
