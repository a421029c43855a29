namespace Chats;

/// <summary>
/// The chats one user is a member of, ordered by last activity. Keyed by the user id (scoped by
/// <see cref="TenantKeys"/> outside the default tenant). Kept up to date
/// by the chat grains: a chat is added (durably) when it is created, its last message time is updated
/// as messages are stored.
/// </summary>
[Alias("chats.IUserChatsGrain")]
public interface IUserChatsGrain : IGrainWithStringKey
{
    /// <summary>Adds the chat to the user's list (no change if it is there already); durable when it returns.</summary>
    [Alias("AddChatAsync")]
    Task AddChatAsync(Chat chat, DateTimeOffset? lastMessageAt);

    /// <summary>Records that the chat's newest message was sent at <paramref name="lastMessageAt"/> (later times win).</summary>
    [Alias("RecordActivityAsync")]
    Task RecordActivityAsync(Chat chat, DateTimeOffset lastMessageAt);

    /// <summary>Returns one page of the user's chats, most recent activity first.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<UserChat>> ListAsync(UserChatsQuery query);
}
