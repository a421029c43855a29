using Orleans.Concurrency;

namespace Chats;

/// <summary>
/// Receives a chat's events as they become durable. A gateway holds one observer and fans the events
/// out to its own subscribers. Calls to one observer arrive one at a time, in <c>seq</c> order.
/// </summary>
[Alias("chats.IChatObserver")]
public interface IChatObserver : IGrainObserver
{
    /// <summary>Events just stored in the chat with grain key <paramref name="chatKey"/>, in seq order.</summary>
    [Alias("OnEventsAsync")]
    Task OnEventsAsync(string chatKey, IReadOnlyList<ChatEvent> events);

    /// <summary>
    /// The chat will send this observer nothing more (its activation is going away, or it dropped the
    /// observer for falling behind). Subscribers should reconnect and replay with <c>after_seq</c> (or <c>sent_after</c>).
    /// One-way: a chat going away must not wait for a gateway that may itself be gone (a missed notice
    /// is caught by the gateway's next lease renewal).
    /// </summary>
    [OneWay]
    [Alias("OnStreamEndedAsync")]
    Task OnStreamEndedAsync(string chatKey);

    /// <summary>A member started or stopped typing. One-way and unordered with the events: typing is never worth waiting for.</summary>
    [OneWay]
    [Alias("OnTypingAsync")]
    Task OnTypingAsync(TypingNotice notice);
}
