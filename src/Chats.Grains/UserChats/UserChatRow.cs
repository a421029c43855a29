namespace Chats.UserChats;

/// <summary>One chat of a user's list as stored: its grain key, when it was created, and its newest message's time.</summary>
internal sealed record class UserChatRow(string ChatKey, DateTimeOffset CreatedAt, DateTimeOffset? LastMessageAt)
{
    /// <summary>What a list is ordered by: the newest message, or the creation of a chat without messages.</summary>
    public DateTimeOffset LastActivityAt => LastMessageAt ?? CreatedAt;
}
