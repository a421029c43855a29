using System.Threading.Channels;

namespace Chats.Gateway.Streaming;

/// <summary>
/// A stream client: one client's live feed of one chat on this gateway (as opposed to an observer,
/// the gateway's own subscription to the chat, see <see cref="ChatFeed"/>): a bounded buffer between
/// the chat's deliveries and the client's connection. Offering to a full buffer ends the client instead of waiting, and cancels
/// <see cref="Ended"/> so a write blocked on the client's socket stops too.
/// </summary>
public sealed class StreamClient
{
    private readonly Channel<ChatMessage> _buffer;
    // Never disposed: End may race with the end of the request, and a CTS without timers holds nothing.
    private readonly CancellationTokenSource _ended = new();
    private readonly int _capacity;

    public StreamClient(string chatKey, int capacity)
    {
        ChatKey = chatKey;
        _capacity = capacity;
        _buffer = Channel.CreateBounded<ChatMessage>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string ChatKey { get; }

    /// <summary>Cancelled when the server ends this client's stream (too slow, chat moved).</summary>
    public CancellationToken Ended => _ended.Token;

    public ChannelReader<ChatMessage> Messages => _buffer.Reader;

    /// <summary>Why the server ended this subscription; null while it runs.</summary>
    public StreamEndedException? EndReason { get; private set; }

    public void Offer(IReadOnlyList<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (!_buffer.Writer.TryWrite(message))
            {
                End(StreamEndedException.TooSlow(_capacity));
                return;
            }
        }
    }

    public void End(StreamEndedException reason)
    {
        if (_buffer.Writer.TryComplete(reason))
        {
            EndReason = reason;
            Observability.GatewayMetrics.StreamEnded(reason.Error.Id);
            _ended.Cancel();
        }
    }
}
