using System.Runtime.CompilerServices;
using Chats.Gateway.Errors;
using Chats.Gateway.Model;

namespace Chats.Gateway.Streaming;

/// <summary>
/// One client's stream of one chat, opened (checked, subscribed, history read) before anything is sent,
/// so every refusal is an ordinary error reply. It sends the stored messages after <c>sent_after</c>,
/// oldest first, then the live ones: the live subscription is made before history is read, and a live
/// message is sent only if it is newer than the last one sent (<c>sent_at</c> is strictly increasing
/// per chat), so the seam has no gap and no duplicate. Disposing it unsubscribes.
/// </summary>
public sealed class ChatStreamSession : IDisposable
{
    private const int HistoryPageSize = ChatLimits.MaxPageSize;

    private readonly ChatStreamHub _hub;
    private readonly StreamClient _client;
    private readonly IReadOnlyList<ChatMessage> _history;
    private readonly DateTimeOffset? _sentAfter;
    private readonly CancellationTokenSource _watch = new();

    private ChatStreamSession(ChatStreamHub hub, StreamClient client, IReadOnlyList<ChatMessage> history, DateTimeOffset? sentAfter)
    {
        _hub = hub;
        _client = client;
        _history = history;
        _sentAfter = sentAfter;
        Observability.GatewayMetrics.StreamOpened();
    }

    /// <summary>Cancelled when the server ends the stream; <see cref="EndReason"/> then says why.</summary>
    public CancellationToken Ended => _client.Ended;

    public StreamEndedException? EndReason => _client.EndReason;

    /// <summary>
    /// Opens the stream of the chat with grain key <paramref name="chatKey"/>, or throws the refusal. A
    /// stream of a user token (<paramref name="grant"/>) ends with <c>TOKEN_EXPIRED</c> when the token
    /// expires or is revoked; the client reconnects with a new token and <c>sent_after</c>.
    /// </summary>
    internal static async Task<ChatStreamSession> OpenAsync(
        StreamRequest request, string chatKey, StreamServices services, Security.UserTokenGrant? grant, CancellationToken cancellationToken)
    {
        var chat = services.Cluster.GetChat(chatKey);
        if (request.UserId is { } userId)
        {
            var found = await chat.GetAsync() ?? throw new MicroErrorException(MicroError.ChatNotFound);
            if (!found.UserIds.Contains(userId, StringComparer.Ordinal))
            {
                throw new MicroErrorException(MicroError.NotAMemberToStream);
            }
        }

        var client = await services.Hub.SubscribeAsync(chatKey, cancellationToken) ?? throw new MicroErrorException(MicroError.ChatNotFound);
        try
        {
            var history = request.SentAfter is { } after
                ? await ReadHistoryAfterAsync(chat, after, services.Options.MaxReplayMessages)
                : [];
            var session = new ChatStreamSession(services.Hub, client, history, request.SentAfter);
            if (grant is not null)
            {
                _ = session.WatchGrantAsync(grant, services);
            }

            return session;
        }
        catch
        {
            services.Hub.Unsubscribe(client);
            throw;
        }
    }

    /// <summary>
    /// The messages to send, oldest first: the history, then live messages newer than the last one sent.
    /// Yields null after <paramref name="idleTick"/> without a message, so a transport can send a keep-alive.
    /// </summary>
    public async IAsyncEnumerable<ChatMessage?> FollowAsync(TimeSpan idleTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = _sentAfter ?? DateTimeOffset.MinValue;
        foreach (var message in _history)
        {
            last = message.SentAt;
            yield return message;
        }

        var reader = _client.Messages;
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

            while (reader.TryRead(out var message))
            {
                if (message.SentAt > last)
                {
                    last = message.SentAt;
                    yield return message;
                }
            }
        }
    }

    public void Dispose()
    {
        _watch.Cancel();
        _hub.Unsubscribe(_client);
        Observability.GatewayMetrics.StreamClosed();
    }

    // Ends the stream when its user token expires, or soon after it is revoked.
    private async Task WatchGrantAsync(Security.UserTokenGrant grant, StreamServices services)
    {
        try
        {
            while (true)
            {
                var untilExpiry = grant.ExpiresAt - services.Time.GetUtcNow();
                if (untilExpiry <= TimeSpan.Zero)
                {
                    _client.End(StreamEndedException.TokenExpired("the token expired during the stream"));
                    return;
                }

                await Task.Delay(untilExpiry < services.RevocationCheckInterval ? untilExpiry : services.RevocationCheckInterval, services.Time, _watch.Token);
                if (grant.IsRevokedBy(await services.Revocations.RevokedBeforeAsync(grant.Tenant, grant.UserId)))
                {
                    _client.End(StreamEndedException.TokenExpired("the token was revoked"));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The stream closed.
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            // The cluster is unreachable: the stream ends by its own renewal, not here.
        }
    }

    // The stored messages sent after `after`, oldest first; a 400 if there are more than maxReplay.
    private static async Task<IReadOnlyList<ChatMessage>> ReadHistoryAfterAsync(IChatGrain chat, DateTimeOffset after, int maxReplay)
    {
        // History is paged newest first, so it is read back to sent_after and then turned around.
        var history = new List<ChatMessage>();
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

                history.Add(message);
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
