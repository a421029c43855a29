namespace Chats;

/// <summary>One chat: its members and its time-ordered message log. Keyed by the chat id (scoped by <see cref="TenantKeys"/> outside the default tenant).</summary>
[Alias("chats.IChatGrain")]
public interface IChatGrain : IGrainWithStringKey
{
    /// <summary>Returns the chat, or null when no chat has this id.</summary>
    [Alias("GetAsync")]
    Task<Chat?> GetAsync();

    /// <summary>Creates the chat with these members, or returns it unchanged if it already exists.</summary>
    [Alias("InitializeAsync")]
    Task<Chat> InitializeAsync(IReadOnlyList<string> sortedUserIds);

    /// <summary>Appends a message once it is durable; a repeated id returns the original message.</summary>
    [Alias("PostMessageAsync")]
    Task<PostMessageResult> PostMessageAsync(NewMessage message);

    /// <summary>Returns one page of history, newest first.</summary>
    [Alias("ListMessagesAsync")]
    Task<MessagePage> ListMessagesAsync(MessagePageQuery query);

    /// <summary>
    /// Subscribes <paramref name="observer"/> to the chat's new messages, or renews its subscription.
    /// A subscription not renewed within the chat's observer lease (a minute by default) lapses.
    /// </summary>
    [Alias("SubscribeAsync")]
    Task<ChatSubscription> SubscribeAsync(IChatObserver observer);

    /// <summary>Ends the observer's subscription, if it has one.</summary>
    [Alias("UnsubscribeAsync")]
    Task UnsubscribeAsync(IChatObserver observer);
}
