namespace Chats;

/// <summary>
/// The chats one user is a member of, ordered by last activity. Keyed by the user id (scoped by
/// <see cref="TenantKeys"/> outside the default tenant). Kept up to date
/// by the chat grains: a chat is added (durably) when it is created, its newest message and the user's
/// unread count are updated after each change.
/// </summary>
[Alias("chats.IUserChatsGrain")]
public interface IUserChatsGrain : IGrainWithStringKey
{
    /// <summary>Adds the chat to the user's list (no change if it is there already); durable when it returns.</summary>
    [Alias("AddChatAsync")]
    Task AddChatAsync(Chat chat, ChatListEntry? entry);

    /// <summary>Records the chat's state for this user after a change (an entry with a greater <see cref="ChatListEntry.LastSeq"/> wins).</summary>
    [Alias("RecordActivityAsync")]
    Task RecordActivityAsync(Chat chat, ChatListEntry entry);

    /// <summary>
    /// Before a group's member change that may add or remove this user: lists the chat (for a join) or
    /// marks its row, as unsettled, durably. An unsettled row is checked with its chat when the list is
    /// read, so a crash before <see cref="SettleMembershipAsync"/> leaves no ghost and no missing chat.
    /// </summary>
    [Alias("PrepareMembershipAsync")]
    Task PrepareMembershipAsync(Chat chat, bool joining);

    /// <summary>
    /// After a group's member change: lists the chat with <paramref name="entry"/>, or, when it is null
    /// (the user is no longer a member as of <paramref name="seq"/>), drops it from the list.
    /// </summary>
    [Alias("SettleMembershipAsync")]
    Task SettleMembershipAsync(Chat chat, ChatListEntry? entry, long seq);

    /// <summary>Returns one page of the user's chats, most recent activity first.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<UserChat>> ListAsync(UserChatsQuery query);

    /// <summary>
    /// Subscribes (or renews) <paramref name="observer"/> to the list's changes and returns the list as it
    /// is, with the changes after <paramref name="since"/> when the list still has them. A subscription not
    /// renewed (<see cref="RenewFollowAsync"/>) within the observer lease lapses.
    /// </summary>
    [Alias("FollowAsync")]
    Task<ChatListFeed> FollowAsync(IChatListObserver observer, ChatListPosition? since);

    /// <summary>Renews a subscription; returns this activation's epoch, and whether the observer was still subscribed.</summary>
    [Alias("RenewFollowAsync")]
    Task<(Guid Epoch, bool WasSubscribed)> RenewFollowAsync(IChatListObserver observer);

    /// <summary>Ends a subscription.</summary>
    [Alias("UnfollowAsync")]
    Task UnfollowAsync(IChatListObserver observer);
}
