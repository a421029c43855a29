namespace Chats;

/// <summary>A chat in a user's chat list, with when its newest message was sent (null: none yet).</summary>
[GenerateSerializer, Immutable, Alias("chats.user-chat")]
public sealed record class UserChat(Chat Chat, DateTimeOffset? LastMessageAt)
{
    /// <summary>What the list is ordered by: the newest message, or the creation of a chat without messages.</summary>
    public DateTimeOffset LastActivityAt => LastMessageAt ?? Chat.CreatedAt;
}
