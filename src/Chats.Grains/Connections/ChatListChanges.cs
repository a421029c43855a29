using Chats.Concurrency;
using Chats.Diagnostics;

namespace Chats.Connections;

/// <summary>
/// The changes of one user's chat list as its connections follow them: numbered by a version that
/// counts up within this activation (its <see cref="Epoch"/>), the newest <see cref="Kept"/> of them
/// kept (without their entries) so a connection that comes back can be told what it missed, and sent
/// to the observers (connections) in order, each with its own queue and at most one call in flight.
/// An observer that fails a call, falls too far behind or stops renewing its lease is dropped, and
/// learns it at its next renewal. Runs on its grain's scheduler, so its fields need no locks.
/// </summary>
internal sealed partial class ChatListChanges(string userKey, TimeSpan lease, int queueLimit, TimeProvider time, ILogger logger)
{
    /// <summary>How many changes the list keeps for connections that come back.</summary>
    public const int Kept = 1024;

    private readonly Queue<ChatListChange> _kept = new();
    private readonly Dictionary<IChatListObserver, ObserverQueue> _observers = [];

    public Guid Epoch { get; } = Guid.NewGuid();

    public long Version { get; private set; }

    public int ObserverCount => _observers.Count;

    /// <summary>Numbers a change, keeps it and queues it for every observer.</summary>
    public void Record(ChatListChangeKind kind, string chatKey, long fromSeq, long toSeq, UserChat? chat)
    {
        var change = new ChatListChange(++Version, kind, chatKey, fromSeq, toSeq, chat);
        _kept.Enqueue(change with { Chat = null });
        if (_kept.Count > Kept)
        {
            _kept.Dequeue();
        }

        var now = time.GetUtcNow();
        foreach (var queue in _observers.Values.ToList())
        {
            if (queue.ExpiresAt < now)
            {
                Drop(queue, "its lease expired");
                continue;
            }

            queue.Pending.Add(change);
            if (queue.Pending.Count > queueLimit)
            {
                Drop(queue, $"more than {queueLimit} changes are waiting for it");
                continue;
            }

            queue.Delivery.Trigger();
        }
    }

    /// <summary>The kept changes after <paramref name="since"/>, oldest first; null when it is of another epoch or older than what is kept.</summary>
    public IReadOnlyList<ChatListChange>? Since(ChatListPosition since)
    {
        var oldest = _kept.TryPeek(out var first) ? first.Version : Version + 1;
        if (since.Epoch != Epoch || since.Version > Version || since.Version < oldest - 1)
        {
            return null;
        }

        return [.. _kept.Where(change => change.Version > since.Version)];
    }

    /// <summary>Adds or renews the observer; returns whether it was subscribed before.</summary>
    public bool Subscribe(IChatListObserver observer)
    {
        var expiresAt = time.GetUtcNow() + lease;
        if (_observers.TryGetValue(observer, out var existing))
        {
            existing.ExpiresAt = expiresAt;
            return true;
        }

        var queue = new ObserverQueue(observer) { ExpiresAt = expiresAt };
        queue.Delivery = new SingleFlight(() => DeliverAsync(queue));
        _observers[observer] = queue;
        return false;
    }

    public void Unsubscribe(IChatListObserver observer) => _observers.Remove(observer);

    private async Task DeliverAsync(ObserverQueue queue)
    {
        try
        {
            while (queue.Pending.Count > 0 && IsCurrent(queue))
            {
                var changes = queue.Pending.ToList();
                queue.Pending.Clear();
                await queue.Observer.OnListChangedAsync(userKey, Epoch, changes);
            }
        }
        catch (Exception exception)
        {
            Drop(queue, $"a delivery to it failed ({exception.GetType().Name})");
        }
    }

    private bool IsCurrent(ObserverQueue queue) =>
        _observers.TryGetValue(queue.Observer, out var current) && ReferenceEquals(current, queue);

    private void Drop(ObserverQueue queue, string reason)
    {
        if (IsCurrent(queue))
        {
            _observers.Remove(queue.Observer);
            queue.Pending.Clear();
            LogInformationDropped(userKey, reason);
        }
    }

    private sealed class ObserverQueue(IChatListObserver observer)
    {
        public IChatListObserver Observer { get; } = observer;

        public List<ChatListChange> Pending { get; } = [];

        public DateTimeOffset ExpiresAt { get; set; }

        public SingleFlight Delivery { get; set; } = null!;
    }

    [LoggerMessage(EventId = (int)LogEvents.ListObserverDropped, Level = LogLevel.Information, Message = "User {UserKey}: dropped a chat-list observer because {Reason}; its connection will resume")]
    private partial void LogInformationDropped(string userKey, string reason);
}
