using System.Collections.Concurrent;

namespace Chats.Gateway.Streaming;

/// <summary>
/// The gateway's side of streaming: one <see cref="ChatFeed"/> per chat that any client of this
/// gateway streams, subscribed to the chat grain and renewed every <see cref="ChatStreamOptions.RenewInterval"/>.
/// The last client of a chat leaving unsubscribes its feed.
/// </summary>
public sealed partial class ChatStreamHub(IClusterClient cluster, IOptions<ChatStreamOptions> options, ILogger<ChatStreamHub> logger)
{
    private readonly ConcurrentDictionary<string, ChatFeed> _feeds = new(StringComparer.Ordinal);

    /// <summary>How many chats this gateway currently streams.</summary>
    public int FeedCount => _feeds.Count;

    /// <summary>
    /// Subscribes a client to the chat with this grain key. Returns null when there is no such chat.
    /// When this returns, every event stored from then on (or every new message, unless
    /// <paramref name="allEvents"/>) reaches the client, or ends it.
    /// </summary>
    public async Task<StreamClient?> SubscribeAsync(string chatKey, bool allEvents, CancellationToken cancellationToken, string? userId = null)
    {
        var client = new StreamClient(chatKey, options.Value.SubscriberBufferSize, allEvents, userId);
        return await SubscribeAsync(client, cancellationToken) ? client : null;
    }

    /// <summary>
    /// Subscribes <paramref name="client"/> to its chat; false when there is no such chat. When this
    /// returns true, every event stored from then on is offered to the client, or ends it.
    /// </summary>
    public async Task<bool> SubscribeAsync(IStreamSubscriber client, CancellationToken cancellationToken)
    {
        var chatKey = client.ChatKey;
        ChatFeed feed;
        do
        {
            feed = _feeds.GetOrAdd(chatKey, CreateFeed);
        }
        while (!feed.TryAdd(client)); // closed between lookup and add: a fresh feed replaces it

        ChatSubscription subscription;
        try
        {
            subscription = await feed.RegisterAsync(() => cluster.GetChat(chatKey).SubscribeAsync(feed.Reference!)).WaitAsync(cancellationToken);
        }
        catch
        {
            if (feed.Registration is { IsCompleted: true, IsCompletedSuccessfully: false })
            {
                Close(feed, reason: null, unsubscribe: false); // the next client tries again with a fresh feed
            }
            else
            {
                Unsubscribe(client);
            }

            throw;
        }

        if (!subscription.ChatFound)
        {
            Close(feed, reason: null, unsubscribe: false);
            return false;
        }

        return true;
    }

    /// <summary>Removes a client; the chat's last one leaving unsubscribes the feed.</summary>
    public void Unsubscribe(IStreamSubscriber client)
    {
        if (_feeds.TryGetValue(client.ChatKey, out var feed) && feed.RemoveAndCloseIfEmpty(client))
        {
            Forget(feed, unsubscribe: true);
        }
    }

    /// <summary>Renews every feed's subscription; ends the feeds whose chat was reactivated, lost, or dropped the feed.</summary>
    public Task RenewAllAsync(CancellationToken cancellationToken) => Task.WhenAll(_feeds.Values
        .Where(feed => feed.Registration is { IsCompletedSuccessfully: true })
        .Select(feed => RenewAsync(feed, cancellationToken)));

    /// <summary>
    /// Ends every stream with a reconnect notice and unsubscribes every feed: called as the gateway
    /// stops, so open streams neither hold up its shutdown nor leave chats delivering to a gone client.
    /// </summary>
    public void EndAll(StreamEndedException reason)
    {
        foreach (var feed in _feeds.Values)
        {
            Close(feed, reason, unsubscribe: true);
        }
    }

    private ChatFeed CreateFeed(string chatKey)
    {
        var feed = new ChatFeed(chatKey, (ended, reason) =>
        {
            LogInformationEnded(ended.ChatKey, "the chat's activation ended");
            Close(ended, reason, unsubscribe: false);
        });
        feed.Reference = cluster.CreateObjectReference<IChatObserver>(feed);
        return feed;
    }

    private async Task RenewAsync(ChatFeed feed, CancellationToken cancellationToken)
    {
        string? reason;
        try
        {
            var renewed = await cluster.GetChat(feed.ChatKey).SubscribeAsync(feed.Reference!).WaitAsync(cancellationToken);
            reason = renewed switch
            {
                { ChatFound: false } => "the chat is gone",
                _ when renewed.ActivationId != feed.Registration!.Result.ActivationId => "the chat was reactivated (failover or restart)",
                { WasSubscribed: false } => "the chat dropped this gateway's feed",
                _ => null,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            reason = $"renewing the subscription failed ({exception.GetType().Name}: {exception.Message})";
        }

        if (reason is not null)
        {
            LogInformationEnded(feed.ChatKey, reason);
            Close(feed, StreamEndedException.Moved(), unsubscribe: true);
        }
    }

    // Ends the feed's clients (when a reason is given) and forgets the feed.
    private void Close(ChatFeed feed, StreamEndedException? reason, bool unsubscribe)
    {
        var clients = feed.Close();
        if (clients is null)
        {
            return;
        }

        Forget(feed, unsubscribe);
        if (reason is not null)
        {
            foreach (var client in clients)
            {
                client.End(reason);
            }
        }
    }

    private void Forget(ChatFeed feed, bool unsubscribe)
    {
        _feeds.TryRemove(new KeyValuePair<string, ChatFeed>(feed.ChatKey, feed));
        _ = ReleaseAsync(feed, unsubscribe && feed.Registration is { IsCompletedSuccessfully: true, Result.ChatFound: true });
    }

    private async Task ReleaseAsync(ChatFeed feed, bool unsubscribe)
    {
        try
        {
            if (unsubscribe)
            {
                await cluster.GetChat(feed.ChatKey).UnsubscribeAsync(feed.Reference!);
            }
        }
        catch (Exception exception)
        {
            // The chat's lease for this feed lapses on its own.
            LogDebugUnsubscribeFailed(exception, feed.ChatKey);
        }
        finally
        {
            cluster.DeleteObjectReference<IChatObserver>(feed.Reference!);
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.StreamsEnded, Level = LogLevel.Information, Message = "Ending the streams of chat {ChatKey}: {Reason}; clients will reconnect")]
    private partial void LogInformationEnded(string chatKey, string reason);

    [LoggerMessage(EventId = (int)LogEvents.UnsubscribeFailed, Level = LogLevel.Debug, Message = "Unsubscribing from chat {ChatKey} failed")]
    private partial void LogDebugUnsubscribeFailed(Exception exception, string chatKey);
}
