namespace Chats.UserChats;

/// <summary>
/// One chat of a user's list as stored: its grain key, when it was created, its newest message's time,
/// the user's view of it as the chat last pushed it (null for rows from before chats pushed one), and
/// its members (which never change; null for rows from before, or when too many to keep in the row).
/// </summary>
internal sealed record class UserChatRow(
    string ChatKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastMessageAt,
    ChatListEntry? Entry = null,
    IReadOnlyList<string>? UserIds = null)
{
    /// <summary>What a list is ordered by: the newest message, or the creation of a chat without messages.</summary>
    public DateTimeOffset LastActivityAt => LastMessageAt ?? CreatedAt;
}
