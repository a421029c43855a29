using Chats.Concurrency;
using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats;

/// <summary>
/// The observers of one chat: gateways subscribed to it (each serving its own stream clients). Each
/// observer has its own queue and at most one
/// call in flight, so it sees events in order and a slow or dead observer never holds up the chat's
/// writers: its queue is bounded, and an observer over the bound, failing a call, or not renewing its
/// lease is dropped. A dropped observer learns it from its next renewal (<c>WasSubscribed</c> false).
/// Runs on its grain's scheduler, so its fields need no locks.
/// </summary>
internal sealed partial class ChatObservers(string chatKey, ChatsGrainOptions options, TimeProvider time, ILogger logger)
{
    // Deliveries are capped so that one call never overfills a gateway's per-client buffers at once.
    private const int MaxEventsPerDelivery = 100;

    private readonly Dictionary<IChatObserver, ObserverQueue> _observers = [];

    public int Count => _observers.Count;

    /// <summary>Adds or renews the observer; returns whether it was subscribed before.</summary>
    public bool Subscribe(IChatObserver observer)
    {
        var expiresAt = time.GetUtcNow() + options.ObserverLease;
        if (_observers.TryGetValue(observer, out var existing))
        {
            existing.ExpiresAt = expiresAt;
            return true;
        }

        var queue = new ObserverQueue(observer) { ExpiresAt = expiresAt };
        queue.Delivery = new SingleFlight(() => DeliverAsync(queue));
        _observers[observer] = queue;
        LogDebugSubscribed(chatKey, _observers.Count);
        return false;
    }

    public void Unsubscribe(IChatObserver observer) => _observers.Remove(observer);

    /// <summary>Queues newly stored events (in seq order) for every live observer.</summary>
    public void Publish(IReadOnlyList<ChatEvent> events)
    {
        if (_observers.Count == 0 || events.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var queue in _observers.Values.ToList())
        {
            if (queue.ExpiresAt < now)
            {
                Drop(queue, "its lease expired");
                continue;
            }

            queue.Pending.AddRange(events);
            if (queue.Pending.Count > options.ObserverQueueLimit)
            {
                Drop(queue, $"more than {options.ObserverQueueLimit} events are waiting for it");
                continue;
            }

            queue.Delivery.Trigger();
        }
    }

    /// <summary>Tells every live observer that a member started or stopped typing: one-way, never queued, never waited for.</summary>
    public void PublishTyping(TypingNotice notice)
    {
        var now = time.GetUtcNow();
        foreach (var queue in _observers.Values)
        {
            if (queue.ExpiresAt >= now)
            {
                _ = queue.Observer.OnTypingAsync(notice);
            }
        }
    }

    /// <summary>
    /// Tells every observer the chat sends nothing more from this activation, and forgets them. The notice
    /// is one-way, so this returns once the notices are sent, never waiting on a gateway.
    /// </summary>
    public async Task EndAllAsync(CancellationToken cancellationToken)
    {
        var observers = _observers.Keys.ToList();
        _observers.Clear();
        var notices = observers.Select(observer => observer.OnStreamEndedAsync(chatKey).WaitAsync(cancellationToken));
        try
        {
            await Task.WhenAll(notices);
        }
        catch (Exception exception)
        {
            // An observer that does not hear this finds out at its next renewal.
            LogDebugEndNoticeFailed(exception, chatKey);
        }
    }

    private async Task DeliverAsync(ObserverQueue queue)
    {
        try
        {
            while (queue.Pending.Count > 0 && IsCurrent(queue))
            {
                // What queued meanwhile goes in one call (up to the cap): a briefly slow observer catches up in big steps.
                var count = Math.Min(queue.Pending.Count, MaxEventsPerDelivery);
                var events = queue.Pending.GetRange(0, count);
                queue.Pending.RemoveRange(0, count);
                await queue.Observer.OnEventsAsync(chatKey, events);
            }
        }
        catch (Exception exception)
        {
            LogWarningDeliveryFailed(exception, chatKey);
            Drop(queue, "a delivery to it failed");
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
            LogInformationDropped(chatKey, reason);
        }
    }

    private sealed class ObserverQueue(IChatObserver observer)
    {
        public IChatObserver Observer { get; } = observer;

        public List<ChatEvent> Pending { get; } = [];

        public DateTimeOffset ExpiresAt { get; set; }

        public SingleFlight Delivery { get; set; } = null!;
    }

    [LoggerMessage(EventId = (int)LogEvents.ObserverSubscribed, Level = LogLevel.Debug, Message = "Chat {ChatKey}: an observer subscribed ({Count} in all)")]
    private partial void LogDebugSubscribed(string chatKey, int count);

    [LoggerMessage(EventId = (int)LogEvents.ObserverDropped, Level = LogLevel.Information, Message = "Chat {ChatKey}: dropped an observer because {Reason}; its subscribers will reconnect")]
    private partial void LogInformationDropped(string chatKey, string reason);

    [LoggerMessage(EventId = (int)LogEvents.ObserverDeliveryFailed, Level = LogLevel.Warning, Message = "Chat {ChatKey}: delivering events to an observer failed")]
    private partial void LogWarningDeliveryFailed(Exception exception, string chatKey);

    [LoggerMessage(EventId = (int)LogEvents.ObserverEndNoticeFailed, Level = LogLevel.Debug, Message = "Chat {ChatKey}: an observer did not hear that the stream ended")]
    private partial void LogDebugEndNoticeFailed(Exception exception, string chatKey);
}
