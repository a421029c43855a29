namespace Chats.Upgrade;

/// <summary>One chat of a <see cref="LegacyUserChatsState"/>. The first lists also held member ids, which are ignored.</summary>
internal sealed class LegacyUserChatEntry
{
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastMessageAt { get; set; }
}
