using System.ComponentModel.DataAnnotations;

namespace Chats.Gateway.Streaming;

/// <summary>How the gateway streams messages to clients. Bound from <c>Chats:Stream</c>.</summary>
public sealed class ChatStreamOptions
{
    public const string Section = "Chats:Stream";

    /// <summary>How many messages (or events, on an event stream) may wait for one client before it is disconnected as too slow.</summary>
    [Range(1, 1_000_000)]
    public int SubscriberBufferSize { get; set; } = 1000;

    /// <summary>How many deliveries (a chat's events, or chat-list changes) may wait for one Connect client before it is disconnected as too slow.</summary>
    [Range(1, 1_000_000)]
    public int ConnectionBufferSize { get; set; } = 1000;

    /// <summary>
    /// How often the gateway renews its subscription to each streamed chat. A renewal also notices a
    /// chat that moved to another silo (failover) and ends its streams so clients reconnect.
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most stored messages one <c>sent_after</c> replay sends (events, for an <c>after_seq</c> replay); further back is a 400.</summary>
    [Range(1, 1_000_000)]
    public int MaxReplayMessages { get; set; } = 10_000;

    /// <summary>How often an idle Server-Sent Events stream gets a comment line, so proxies keep it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a WebSocket client has to send its request frame after connecting.</summary>
    public TimeSpan FirstFrameTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
