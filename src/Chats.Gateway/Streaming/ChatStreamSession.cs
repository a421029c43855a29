using Chats.Gateway.Errors;
using Chats.Gateway.Model;

namespace Chats.Gateway.Streaming;

/// <summary>
/// One client's stream of one chat, opened (checked, subscribed, history read) before anything is sent,
/// so every refusal is an ordinary error reply. Disposing it unsubscribes.
/// </summary>
public sealed class ChatStreamSession : IDisposable
{
    private readonly ChatStreamHub _hub;
    private readonly StreamSubscriber _subscriber;
    private readonly IReadOnlyList<ChatMessage> _history;
    private readonly DateTimeOffset? _sentAfter;

    private ChatStreamSession(ChatStreamHub hub, StreamSubscriber subscriber, IReadOnlyList<ChatMessage> history, DateTimeOffset? sentAfter)
    {
        _hub = hub;
        _subscriber = subscriber;
        _history = history;
        _sentAfter = sentAfter;
        Observability.GatewayMetrics.StreamOpened();
    }

    /// <summary>Cancelled when the server ends the stream; <see cref="EndReason"/> then says why.</summary>
    public CancellationToken Ended => _subscriber.Ended;

    public StreamEndedException? EndReason => _subscriber.EndReason;

    public static async Task<ChatStreamSession> OpenAsync(
        StreamRequest request, string chatKey, IClusterClient cluster, ChatStreamHub hub, ChatStreamOptions options, CancellationToken cancellationToken)
    {
        var chat = cluster.GetChat(chatKey);
        if (request.UserId is { } userId)
        {
            var found = await chat.GetAsync() ?? throw new MicroErrorException(MicroError.ChatNotFound);
            if (!found.UserIds.Contains(userId, StringComparer.Ordinal))
            {
                throw new MicroErrorException(MicroError.NotAMemberToStream);
            }
        }

        var subscriber = await hub.SubscribeAsync(chatKey, cancellationToken) ?? throw new MicroErrorException(MicroError.ChatNotFound);
        try
        {
            var history = request.SentAfter is { } after
                ? await ChatStreamReader.ReadHistoryAfterAsync(chat, after, options.MaxReplayMessages)
                : [];
            return new ChatStreamSession(hub, subscriber, history, request.SentAfter);
        }
        catch
        {
            hub.Unsubscribe(subscriber);
            throw;
        }
    }

    /// <summary>The messages to send, oldest first; null now and then while idle (a keep-alive chance).</summary>
    public IAsyncEnumerable<ChatMessage?> FollowAsync(TimeSpan idleTick, CancellationToken cancellationToken) =>
        ChatStreamReader.FollowAsync(_subscriber, _history, _sentAfter, idleTick, cancellationToken);

    public void Dispose()
    {
        _hub.Unsubscribe(_subscriber);
        Observability.GatewayMetrics.StreamClosed();
    }
}
