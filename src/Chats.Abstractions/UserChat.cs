namespace Chats;

/// <summary>A chat in a user's chat list, with what its screen needs: the newest message and the user's read state.</summary>
/// <param name="LastMessageAt">When its newest message was sent (null: none yet).</param>
[GenerateSerializer, Immutable, Alias("chats.user-chat")]
public sealed record class UserChat(Chat Chat, DateTimeOffset? LastMessageAt, ChatListEntry? Entry = null)
{
    /// <summary>What the list is ordered by: the newest message, or the creation of a chat without messages.</summary>
    public DateTimeOffset LastActivityAt => LastMessageAt ?? Chat.CreatedAt;
}

/// <summary>
/// What one member's chat list shows of a chat, computed by the chat and pushed to the list after each
/// change, so listing chats reads no chat's history.
/// </summary>
/// <param name="LastSeq">The chat's newest seq when this was computed: a newer entry replaces an older one.</param>
/// <param name="LastMessage">The newest message (a tombstone too), without reactions of the reader.</param>
/// <param name="UnreadCount">Other members' messages after the member's read marker, deleted ones not counted; saturates at <see cref="ChatLimits.MaxUnreadCount"/>.</param>
/// <param name="LastReadAt">The member's read marker; null if never set.</param>
/// <param name="OthersReadAt">The furthest read marker of any other member: messages up to it were seen.</param>
/// <param name="JoinedSeq">The seq of the member's joining a group (their events start there); 0 for a distinct chat, and as stored in lists.</param>
[GenerateSerializer, Immutable, Alias("chats.chat-list-entry")]
public sealed record class ChatListEntry(
    long LastSeq,
    ChatMessage? LastMessage,
    int UnreadCount,
    DateTimeOffset? LastReadAt,
    DateTimeOffset? OthersReadAt,
    long JoinedSeq = 0);
