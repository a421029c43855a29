using System.Threading.Channels;

namespace Chats.Gateway.Streaming;

/// <summary>
/// A stream client: one client's live feed of one chat on this gateway (as opposed to an observer,
/// the gateway's own subscription to the chat, see <see cref="ChatFeed"/>): a bounded buffer between
/// the chat's deliveries and the client's connection. Offering to a full buffer ends the client instead of waiting, and cancels
/// <see cref="Ended"/> so a write blocked on the client's socket stops too.
/// </summary>
public sealed class StreamClient : IStreamSubscriber
{
    private readonly Channel<StreamFrame> _buffer;
    // Never disposed: End may race with the end of the request, and a CTS without timers holds nothing.
    private readonly CancellationTokenSource _ended = new();
    private readonly int _capacity;

    private readonly bool _allEvents;

    /// <param name="allEvents">Whether the client takes every event, or only <c>message.new</c> (a message stream).</param>
    /// <param name="userId">The member the client streams as: a <c>member.removed</c> of them ends it with <c>NOT_A_MEMBER</c>.</param>
    public StreamClient(string chatKey, int capacity, bool allEvents = false, string? userId = null)
    {
        ChatKey = chatKey;
        UserId = userId;
        _allEvents = allEvents;
        _capacity = capacity;
        _buffer = Channel.CreateBounded<StreamFrame>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string ChatKey { get; }

    public string? UserId { get; }

    /// <summary>Cancelled when the server ends this client's stream (too slow, chat moved).</summary>
    public CancellationToken Ended => _ended.Token;

    public ChannelReader<StreamFrame> Frames => _buffer.Reader;

    /// <summary>Why the server ended this subscription; null while it runs.</summary>
    public StreamEndedException? EndReason { get; private set; }

    public void Offer(IReadOnlyList<StreamFrame> frames)
    {
        foreach (var frame in frames)
        {
            var removed = UserId is { } user && frame.Event is { Type: ChatEventType.MemberRemoved, Members: { } members } && members.UserIds.Contains(user);
            if ((_allEvents || frame.Event.Type == ChatEventType.MessageNew) && !_buffer.Writer.TryWrite(frame))
            {
                End(StreamEndedException.TooSlow(_capacity));
                return;
            }

            // A removed member sees what was buffered, their removal last (on an event stream), then nothing more.
            if (removed)
            {
                End(StreamEndedException.NotAMember(), stopWrites: false);
                return;
            }
        }
    }

    public void OfferTyping(TypingNotice notice)
    {
        // Only event streams hear typing, never of their own user; a full buffer drops it.
        if (_allEvents && notice.UserId != UserId)
        {
            _buffer.Writer.TryWrite(StreamFrame.ForTyping(notice));
        }
    }

    public void End(StreamEndedException reason) => End(reason, stopWrites: true);

    // stopWrites: cancel Ended at once, which also stops a write blocked on the client's socket and
    // drops what is buffered; otherwise the client reads its buffer, then the end.
    private void End(StreamEndedException reason, bool stopWrites)
    {
        if (_buffer.Writer.TryComplete(reason))
        {
            EndReason = reason;
            GatewayMetrics.StreamEnded(GatewayMetrics.ChatStream, reason.Error.Id);
            if (stopWrites)
            {
                _ended.Cancel();
            }
        }
    }
}
