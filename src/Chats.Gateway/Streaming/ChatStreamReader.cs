using System.Runtime.CompilerServices;
using Chats.Gateway.Errors;

namespace Chats.Gateway.Streaming;

/// <summary>
/// What one stream sends: the stored messages after <c>sent_after</c>, oldest first, then the live
/// ones. The live subscription is made before history is read, and a live message is sent only if it
/// is newer than the last one sent (<c>sent_at</c> is strictly increasing per chat), so the seam has
/// no gap and no duplicate.
/// </summary>
public static class ChatStreamReader
{
    private const int HistoryPageSize = ChatLimits.MaxPageSize;

    /// <summary>The stored messages sent after <paramref name="after"/>, oldest first; a 400 if there are more than <paramref name="maxReplay"/>.</summary>
    public static async Task<IReadOnlyList<ChatMessage>> ReadHistoryAfterAsync(IChatGrain chat, DateTimeOffset after, int maxReplay)
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

    /// <summary>
    /// The history, then live messages newer than the last one sent. Yields null after
    /// <paramref name="idleTick"/> without a message, so a transport can send a keep-alive.
    /// </summary>
    public static async IAsyncEnumerable<ChatMessage?> FollowAsync(
        StreamSubscriber subscriber,
        IReadOnlyList<ChatMessage> history,
        DateTimeOffset? sentAfter,
        TimeSpan idleTick,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = sentAfter ?? DateTimeOffset.MinValue;
        foreach (var message in history)
        {
            last = message.SentAt;
            yield return message;
        }

        var reader = subscriber.Messages;
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
}
