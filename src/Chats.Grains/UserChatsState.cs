namespace Chats;

/// <summary>The persisted chat list of one user, keyed by chat id.</summary>
[GenerateSerializer, Alias("chats.user-chats-state")]
public sealed class UserChatsState
{
    [Id(0)]
    public Dictionary<string, UserChatEntry> Chats { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One chat of a user's list.</summary>
[GenerateSerializer, Alias("chats.user-chat-entry")]
public sealed class UserChatEntry
{
    [Id(0)]
    public List<string> UserIds { get; set; } = [];

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public DateTimeOffset? LastMessageAt { get; set; }
}
