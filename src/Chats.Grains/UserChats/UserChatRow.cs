namespace Chats.UserChats;

/// <summary>
/// One chat of a user's list as stored: its grain key, when it was created, its newest message's time,
/// the user's view of it as the chat last pushed it (null for rows from before chats pushed one), its
/// members (a distinct chat's, which never change; a group's first few; null for rows from before), what
/// else the list shows of it (<see cref="ChatCard"/>), and whether a member change may have made it stale.
/// </summary>
/// <param name="Unsettled">
/// Written before a group's member change that may add or drop the chat here, cleared after it: an
/// unsettled row is checked with its chat before it is listed (<see cref="IUserChatsGrain.PrepareMembershipAsync"/>).
/// </param>
internal sealed record class UserChatRow(
    string ChatKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastMessageAt,
    ChatListEntry? Entry = null,
    IReadOnlyList<string>? UserIds = null,
    ChatCard? Card = null,
    bool Unsettled = false)
{
    /// <summary>What a list is ordered by: the newest message, or the creation of a chat without messages.</summary>
    public DateTimeOffset LastActivityAt => LastMessageAt ?? CreatedAt;

    public static UserChatRow From(Chat chat, ChatListEntry? entry, bool unsettled = false) =>
        new(chat.Id, chat.CreatedAt, entry?.LastMessage?.SentAt, entry, chat.UserIds, ChatCard.From(chat), unsettled);

    /// <summary>The row with what <paramref name="chat"/> says now of the chat's members, name and metadata.</summary>
    public UserChatRow With(Chat chat) => this with { UserIds = chat.UserIds, Card = ChatCard.From(chat) };

    /// <summary>The chat as the list shows it; null when the row lacks its members (an earlier release's row).</summary>
    public Chat? ToChat() => UserIds is not { } userIds ? null : new Chat(
        ChatKey, userIds, CreatedAt, Card?.Name, Card?.Metadata, Card?.IsGroup ?? false, Card?.OwnerId, Card?.MemberCount ?? userIds.Count);
}

/// <summary>What a chat list shows of a chat besides its members and messages: null for a distinct chat with neither name nor metadata.</summary>
internal sealed record class ChatCard(string? Name, IReadOnlyDictionary<string, string>? Metadata, bool IsGroup, string? OwnerId, int MemberCount)
{
    public static ChatCard? From(Chat chat) => chat.IsGroup || chat.Name is not null || chat.Metadata is not null
        ? new ChatCard(chat.Name, chat.Metadata, chat.IsGroup, chat.OwnerId, chat.MemberCount)
        : null;
}
