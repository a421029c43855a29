using Chats.Hosting;

namespace Chats;

/// <summary>
/// The observers (gateways) subscribed to one chat. Each observer has its own queue and at most one
/// call in flight, so it sees messages in order and a slow or dead observer never holds up the chat's
/// writers: its queue is bounded, and an observer over the bound, failing a call, or not renewing its
/// lease is dropped. A dropped observer learns it from its next renewal (<c>WasSubscribed</c> false).
/// Runs on its grain's scheduler, so its fields need no locks.
/// </summary>
internal sealed partial class ChatSubscribers(string chatKey, ChatGrainOptions options, TimeProvider time, ILogger logger)
{
    // Deliveries are capped so that one call never overfills a gateway's per-client buffers at once.
    private const int MaxMessagesPerDelivery = 100;

    private readonly Dictionary<IChatObserver, Subscriber> _subscribers = [];

    public int Count => _subscribers.Count;

    /// <summary>Adds or renews the observer; returns whether it was subscribed before.</summary>
    public bool Subscribe(IChatObserver observer)
    {
        var expiresAt = time.GetUtcNow() + options.ObserverLease;
        if (_subscribers.TryGetValue(observer, out var existing))
        {
            existing.ExpiresAt = expiresAt;
            return true;
        }

        _subscribers[observer] = new Subscriber(observer) { ExpiresAt = expiresAt };
        LogDebugSubscribed(chatKey, _subscribers.Count);
        return false;
    }

    public void Unsubscribe(IChatObserver observer) => _subscribers.Remove(observer);

    /// <summary>Queues newly stored messages (oldest first) for every live observer.</summary>
    public void Publish(IReadOnlyList<ChatMessage> messages)
    {
        if (_subscribers.Count == 0 || messages.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var subscriber in _subscribers.Values.ToList())
        {
            if (subscriber.ExpiresAt < now)
            {
                Drop(subscriber, "its lease expired");
                continue;
            }

            subscriber.Pending.AddRange(messages);
            if (subscriber.Pending.Count > options.ObserverQueueLimit)
            {
                Drop(subscriber, $"more than {options.ObserverQueueLimit} messages are waiting for it");
                continue;
            }

            if (!subscriber.Pumping)
            {
                subscriber.Pumping = true;
                _ = PumpAsync(subscriber);
            }
        }
    }

    /// <summary>
    /// Tells every observer the chat sends nothing more from this activation, and forgets them. The notice
    /// is one-way, so this returns once the notices are sent, never waiting on a gateway.
    /// </summary>
    public async Task EndAllAsync(CancellationToken cancellationToken)
    {
        var observers = _subscribers.Keys.ToList();
        _subscribers.Clear();
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

    private async Task PumpAsync(Subscriber subscriber)
    {
        try
        {
            while (subscriber.Pending.Count > 0 && IsCurrent(subscriber))
            {
                // What queued meanwhile goes in one call (up to the cap): a briefly slow observer catches up in big steps.
                var count = Math.Min(subscriber.Pending.Count, MaxMessagesPerDelivery);
                var messages = subscriber.Pending.GetRange(0, count);
                subscriber.Pending.RemoveRange(0, count);
                await subscriber.Observer.OnMessagesAsync(chatKey, messages);
            }
        }
        catch (Exception exception)
        {
            LogWarningDeliveryFailed(exception, chatKey);
            Drop(subscriber, "a delivery to it failed");
        }
        finally
        {
            subscriber.Pumping = false;
        }
    }

    private bool IsCurrent(Subscriber subscriber) =>
        _subscribers.TryGetValue(subscriber.Observer, out var current) && ReferenceEquals(current, subscriber);

    private void Drop(Subscriber subscriber, string reason)
    {
        if (IsCurrent(subscriber))
        {
            _subscribers.Remove(subscriber.Observer);
            subscriber.Pending.Clear();
            LogInformationDropped(chatKey, reason);
        }
    }

    private sealed class Subscriber(IChatObserver observer)
    {
        public IChatObserver Observer { get; } = observer;

        public List<ChatMessage> Pending { get; } = [];

        public DateTimeOffset ExpiresAt { get; set; }

        public bool Pumping { get; set; }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Chat {ChatId}: an observer subscribed ({Count} in all)")]
    private partial void LogDebugSubscribed(string chatId, int count);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Chat {ChatId}: dropped an observer because {Reason}; its subscribers will reconnect")]
    private partial void LogInformationDropped(string chatId, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Chat {ChatId}: delivering messages to an observer failed")]
    private partial void LogWarningDeliveryFailed(Exception exception, string chatId);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Chat {ChatId}: an observer did not hear that the stream ended")]
    private partial void LogDebugEndNoticeFailed(Exception exception, string chatId);
}
