namespace Chats.Gateway.Streaming;

/// <summary>What a <see cref="ChatFeed"/> hands its chat's events to: a stream client, or a user's connection following the chat.</summary>
public interface IStreamSubscriber
{
    /// <summary>The grain key of the chat subscribed to.</summary>
    string ChatKey { get; }

    /// <summary>Newly stored events, in seq order; must never wait.</summary>
    void Offer(IReadOnlyList<StreamFrame> frames);

    /// <summary>A member started or stopped typing; dropped rather than waited for when the subscriber is full.</summary>
    void OfferTyping(TypingNotice notice);

    /// <summary>The feed ends: the chat moved, or the gateway stops.</summary>
    void End(StreamEndedException reason);
}
