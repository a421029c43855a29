namespace Chats;

/// <summary>The persisted chat list of one user, keyed by chat id.</summary>
[GenerateSerializer, Alias("chats.user-chats-state")]
public sealed class UserChatsState
{
    [Id(0)]
    public Dictionary<string, UserChatEntry> Chats { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One chat of a user's list. Not its member list: that would make a member of big group chats run out
/// of list space after a few of them (1,000 member ids each); a listed page reads the members from its chats.
/// </summary>
[GenerateSerializer, Alias("chats.user-chat-entry")]
public sealed class UserChatEntry
{
    // Id 0 (UserIds) held the member ids in lists written before; reading such a list ignores them.

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public DateTimeOffset? LastMessageAt { get; set; }
}
