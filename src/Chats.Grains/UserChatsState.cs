namespace Chats;

/// <summary>
/// How a user's chat list was stored before it became one row per chat: a single grain state, bounded
/// by the state size limit. Kept only so that <see cref="Storage.LegacyGrainStateMigration"/> can read
/// a list written that way (its stored JSON names this type) and move it to rows.
/// </summary>
[GenerateSerializer, Alias("chats.user-chats-state")]
public sealed class UserChatsState
{
    [Id(0)]
    public Dictionary<string, UserChatEntry> Chats { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One chat of an old single-state list.</summary>
[GenerateSerializer, Alias("chats.user-chat-entry")]
public sealed class UserChatEntry
{
    // Id 0 (UserIds) held the member ids in the first lists; reading such a list ignores them.

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public DateTimeOffset? LastMessageAt { get; set; }
}
