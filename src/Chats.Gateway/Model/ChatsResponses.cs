namespace Chats.Gateway.Model;

/// <summary>A chat as the API shows it.</summary>
/// <remarks>Ids leave the gateway tenant-local: a tenant's clients never see its grain keys.</remarks>
public sealed record class ChatDto(string Id, IReadOnlyList<string> UserIds, DateTimeOffset CreatedAt)
{
    public static ChatDto From(Chat chat) => new(TenantKeys.Unscope(chat.Id), chat.UserIds, chat.CreatedAt);
}

/// <summary>A message as the API shows it.</summary>
public sealed record class MessageDto(string Id, string AuthorId, string ChatId, string Text, DateTimeOffset SentAt)
{
    public static MessageDto From(ChatMessage message) => new(message.Id, message.AuthorId, TenantKeys.Unscope(message.ChatId), message.Text, message.SentAt);
}

/// <summary>A chat in a user's list: the chat and when its newest message was sent (absent: no messages yet).</summary>
public sealed record class UserChatDto(
    string Id,
    IReadOnlyList<string> UserIds,
    DateTimeOffset CreatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LastMessageAt)
{
    public static UserChatDto From(UserChat chat) => new(TenantKeys.Unscope(chat.Chat.Id), chat.Chat.UserIds, chat.Chat.CreatedAt, chat.LastMessageAt);
}

public sealed record class CreateChatResponse(ChatDto Chat);

public sealed record class CreateMessageResponse(MessageDto Message);

public sealed record class ListMessagesResponse(IReadOnlyList<MessageDto> Messages);

public sealed record class ListChatsResponse(IReadOnlyList<UserChatDto> Chats);

/// <summary>One frame of a Stream (a WebSocket text frame, or the data of a Server-Sent Event).</summary>
public sealed record class StreamResponse(MessageDto Message);

/// <summary>A new user token and when it expires (its <c>exp</c>).</summary>
public sealed record class CreateUserTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>The user whose tokens issued before <see cref="RevokedBefore"/> are now refused.</summary>
public sealed record class RevokeUserTokensResponse(string UserId, DateTimeOffset RevokedBefore);
