namespace Chats.Upgrade;

/// <summary>
/// A user's chat list as the releases before chat-list rows stored it: one grain state (JSON),
/// bounded by the state size limit. Only <see cref="LegacyGrainStateMigration"/> reads it,
/// to move such a list to rows; nothing writes it any more.
/// Deleted with <see cref="LegacyGrainStateMigration"/>.
/// </summary>
internal sealed class LegacyUserChatsState
{
    public Dictionary<string, LegacyUserChatEntry> Chats { get; set; } = new(StringComparer.Ordinal);
}
