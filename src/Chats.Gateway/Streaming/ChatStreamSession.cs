using System.Runtime.CompilerServices;

namespace Chats.Gateway.Streaming;

/// <summary>
/// One client's stream of one chat, opened (checked, subscribed, history read) before anything is sent,
/// so every refusal is an ordinary error reply. A message stream sends the stored messages after
/// <c>sent_after</c>, oldest first, then the live ones; an event stream (<c>events: true</c>) the stored
/// events after <c>after_seq</c>, then the live ones. The live subscription is made before history is
/// read, and a live item is sent only if it is past the last one sent (<c>sent_at</c> and <c>seq</c>
/// are strictly increasing per chat), so the seam has no gap and no duplicate. Disposing it unsubscribes.
/// </summary>
public sealed class ChatStreamSession : IStreamSession
{
    private const int HistoryPageSize = ChatLimits.MaxPageSize;

    private readonly ChatStreamHub _hub;
    private readonly StreamClient _client;
    private readonly IReadOnlyList<ChatEvent> _history;
    private readonly StreamRequest _request;
    private readonly CancellationTokenSource _watch = new();

    private ChatStreamSession(ChatStreamHub hub, StreamClient client, IReadOnlyList<ChatEvent> history, StreamRequest request)
    {
        _hub = hub;
        _client = client;
        _history = history;
        _request = request;
        GatewayMetrics.StreamOpened(GatewayMetrics.ChatStream);
    }

    /// <summary>Whether this is an event stream (every event as <c>{"event": …}</c>) rather than a message stream.</summary>
    public bool CarriesEvents => _request.Events;

    /// <summary>The kind of frame this stream sends over <paramref name="webSocket"/> or Server-Sent Events.</summary>
    public StreamFrameKind FrameKind(bool webSocket) => (webSocket, CarriesEvents) switch
    {
        (true, false) => StreamFrameKind.WebSocketMessage,
        (true, true) => StreamFrameKind.WebSocketEvent,
        (false, false) => StreamFrameKind.ServerSentMessage,
        (false, true) => StreamFrameKind.ServerSentEvent,
    };

    /// <summary>Cancelled when the server ends the stream; <see cref="EndReason"/> then says why.</summary>
    public CancellationToken Ended => _client.Ended;

    public StreamEndedException? EndReason => _client.EndReason;

    /// <summary>
    /// Opens the stream of the requested chat, or throws the refusal. A
    /// stream of a user token (<paramref name="grant"/>) ends with <c>TOKEN_EXPIRED</c> when the token
    /// expires or is revoked; the client reconnects with a new token and <c>sent_after</c>.
    /// </summary>
    internal static async Task<ChatStreamSession> OpenAsync(
        StreamRequest request, StreamServices services, UserTokenGrant? grant, CancellationToken cancellationToken)
    {
        var chatKey = request.ChatKey;
        var chat = services.Chats.Get(chatKey);
        var client = await services.Hub.SubscribeAsync(chatKey, request.Events, cancellationToken, request.UserId) ?? throw new MicroErrorException(MicroError.ChatNotFound);
        try
        {
            // Checked once subscribed: a removal after this is an event the client sees, and it ends the stream.
            if (request.UserId is { } userId && await chat.GetMemberAsync(userId) is null)
            {
                throw new MicroErrorException(MicroError.NotAMemberToStream);
            }

            var history = request switch
            {
                { Events: true, AfterSeq: { } afterSeq } => await ReadEventsAfterAsync(chat, afterSeq, services.Options.MaxReplayMessages),
                { Events: false, SentAfter: { } after } => await ReadHistoryAfterAsync(chat, after, services.Options.MaxReplayMessages),
                _ => [],
            };
            var session = new ChatStreamSession(services.Hub, client, history, request);
            if (grant is not null)
            {
                _ = services.GrantWatch.WatchAsync(grant, reason => client.End(StreamEndedException.TokenExpired(reason)), session._watch.Token);
            }

            return session;
        }
        catch
        {
            services.Hub.Unsubscribe(client);
            throw;
        }
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>?> FollowAsync(bool webSocket, TimeSpan idleTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var kind = FrameKind(webSocket);
        await foreach (var frame in FollowFramesAsync(idleTick, cancellationToken))
        {
            yield return frame?.Utf8(kind);
        }
    }

    /// <summary>
    /// What to send, oldest first: the history, then live items past the last one sent (for a message
    /// stream, <c>message.new</c> events only). Yields null after <paramref name="idleTick"/> without
    /// one, so a transport can send a keep-alive. An event stream that sees a seq skipped ends (the
    /// client resumes with <c>after_seq</c>), so it never silently misses an event.
    /// </summary>
    public async IAsyncEnumerable<StreamFrame?> FollowFramesAsync(TimeSpan idleTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastSentAt = _request.SentAfter ?? DateTimeOffset.MinValue;
        long? lastSeq = _request.AfterSeq;
        foreach (var item in _history)
        {
            (lastSentAt, lastSeq) = (item.Message?.SentAt ?? lastSentAt, item.Seq);
            yield return new StreamFrame(item);
        }

        var reader = _client.Frames;
        while (true)
        {
            var ready = reader.WaitToReadAsync(cancellationToken);
            bool more;
            if (ready.IsCompleted)
            {
                more = await ready;
            }
            else
            {
                var waiting = ready.AsTask();
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    while (await Task.WhenAny(waiting, Task.Delay(idleTick, idle.Token)) != waiting)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return null;
                    }

                    await idle.CancelAsync();
                }

                more = await waiting;
            }

            if (!more)
            {
                yield break;
            }

            while (reader.TryRead(out var frame))
            {
                if (frame.Typing is not null)
                {
                    yield return frame;
                    continue;
                }

                var item = frame.Event;
                if (!_request.Events)
                {
                    if (item.Message is { } message && message.SentAt > lastSentAt)
                    {
                        lastSentAt = message.SentAt;
                        yield return frame;
                    }

                    continue;
                }

                if (lastSeq is { } seen && item.Seq <= seen)
                {
                    continue;
                }

                if (lastSeq is { } previous && item.Seq != previous + 1)
                {
                    _client.End(StreamEndedException.Moved());
                    yield break;
                }

                lastSeq = item.Seq;
                yield return frame;
            }
        }
    }

    public void Dispose()
    {
        _watch.Cancel();
        _hub.Unsubscribe(_client);
        GatewayMetrics.StreamClosed(GatewayMetrics.ChatStream);
    }

    // The stored events after `afterSeq`, oldest first; a 400 if there are more than maxReplay.
    private static async Task<IReadOnlyList<ChatEvent>> ReadEventsAfterAsync(IChatGrain chat, long afterSeq, int maxReplay)
    {
        var history = new List<ChatEvent>();
        while (true)
        {
            var page = await chat.ListEventsAsync(new EventPageQuery(afterSeq, HistoryPageSize));
            if (history.Count + page.Events.Count > maxReplay)
            {
                throw new MicroErrorException(MicroError.BadRequest(
                    $"after_seq: more than {maxReplay} events to replay; catch up with ListEvents and stream from a later after_seq"));
            }

            history.AddRange(page.Events);
            if (page.Events.Count < HistoryPageSize)
            {
                return history;
            }

            afterSeq = page.Events[^1].Seq;
        }
    }

    // The stored messages sent after `after`, oldest first, as their message.new events; a 400 if there are more than maxReplay.
    private static async Task<IReadOnlyList<ChatEvent>> ReadHistoryAfterAsync(IChatGrain chat, DateTimeOffset after, int maxReplay)
    {
        // History is paged newest first, so it is read back to sent_after and then turned around.
        var history = new List<ChatEvent>();
        DateTimeOffset? before = null;
        while (true)
        {
            var page = await chat.ListMessagesAsync(new MessagePageQuery(before, HistoryPageSize));
            foreach (var message in page.Messages)
            {
                if (message.SentAt <= after)
                {
                    history.Reverse();
                    return history;
                }

                if (history.Count == maxReplay)
                {
                    throw new MicroErrorException(MicroError.BadRequest(
                        $"sent_after: more than {maxReplay} messages to replay; read older history with ListMessages and stream from a later sent_after"));
                }

                history.Add(new ChatEvent(ChatEventType.MessageNew, message.Seq, message.ChatId, message.SentAt, message.AuthorId, message));
            }

            if (page.Messages.Count < HistoryPageSize)
            {
                history.Reverse();
                return history;
            }

            before = page.Messages[^1].SentAt;
        }
    }
}
