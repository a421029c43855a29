namespace Chats.UserChats;

/// <summary>
/// One chat of a user's list as stored: its grain key, when it was created, its newest message's time,
/// and the user's view of it as the chat last pushed it (null for rows from before chats pushed one).
/// </summary>
internal sealed record class UserChatRow(string ChatKey, DateTimeOffset CreatedAt, DateTimeOffset? LastMessageAt, ChatListEntry? Entry = null)
{
    /// <summary>What a list is ordered by: the newest message, or the creation of a chat without messages.</summary>
    public DateTimeOffset LastActivityAt => LastMessageAt ?? CreatedAt;
}
