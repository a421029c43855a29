using System.Text.Json.Serialization;

namespace Chats.Gateway.Model;

/// <summary>A chat as the API shows it.</summary>
/// <remarks>Ids leave the gateway tenant-local: a tenant's clients never see its grain keys.</remarks>
public sealed record class ChatDto(string Id, IReadOnlyList<string> UserIds, UtcTimestamp CreatedAt)
{
    public static ChatDto From(Chat chat) => new(TenantKeys.Unscope(chat.Id), chat.UserIds, chat.CreatedAt);
}

/// <summary>
/// A message as the API shows it. The fields after <c>sent_at</c> appear only when set: a message never
/// edited has no <c>edited_at</c>, one without reactions no <c>reaction_counts</c>, and so on.
/// </summary>
public sealed record class MessageDto(
    string Id,
    string AuthorId,
    string ChatId,
    string Text,
    UtcTimestamp SentAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? EditedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? DeletedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyToId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? ReactionCounts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OwnReactions = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Seq = 0)
{
    public static MessageDto From(ChatMessage message) => From(message, TenantKeys.Unscope(message.ChatId));

    /// <summary>The message, with its chat's id as the API spells it already known (a page's messages share it).</summary>
    public static MessageDto From(ChatMessage message, string chatId) => new(
        message.Id, message.AuthorId, chatId, message.Text, message.SentAt, message.EditedAt, message.DeletedAt,
        message.ReplyToId, message.Metadata, message.ReactionCounts, message.OwnReactions, message.Seq);
}

/// <summary>
/// A chat in a user's list: the chat, when its newest message was sent and that message, the user's
/// unread count and read marker, and how far the other members have read (absent fields: none yet).
/// </summary>
public sealed record class UserChatDto(
    string Id,
    IReadOnlyList<string> UserIds,
    UtcTimestamp CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastMessageAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageDto? LastMessage = null,
    int UnreadCount = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastReadAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? OthersReadAt = null,
    long LastSeq = 0)
{
    public static UserChatDto From(UserChat chat) => new(
        TenantKeys.Unscope(chat.Chat.Id), chat.Chat.UserIds, chat.Chat.CreatedAt, chat.LastMessageAt,
        chat.Entry?.LastMessage is { } last ? MessageDto.From(last) : null,
        chat.Entry?.UnreadCount ?? 0, chat.Entry?.LastReadAt, chat.Entry?.OthersReadAt, chat.Entry?.LastSeq ?? 0);
}

/// <summary>One user's reaction of one type to one message.</summary>
public sealed record class ReactionDto(string MessageId, string UserId, string Type, UtcTimestamp CreatedAt)
{
    public static ReactionDto From(MessageReaction reaction) => new(reaction.MessageId, reaction.UserId, reaction.Type, reaction.CreatedAt);
}

/// <summary>A user's read marker: messages sent at or before <c>last_read_at</c> are read (absent: nothing read yet).</summary>
public sealed record class ReadDto(
    string ChatId,
    string UserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastReadAt)
{
    public static ReadDto From(ReadMarker read) => new(TenantKeys.Unscope(read.ChatId), read.UserId, read.LastReadAt);
}

/// <summary>
/// One change of a chat at its place in the chat's sequence: <c>type</c> is one of message.new,
/// message.updated, message.deleted, reaction.new, reaction.deleted, message.read.
/// </summary>
public sealed record class EventDto(
    string Type,
    long Seq,
    string ChatId,
    UtcTimestamp At,
    string UserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageDto? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReactionDto? Reaction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReadDto? Read)
{
    public static EventDto From(ChatEvent chatEvent) => new(
        ChatEventTypes.NameOf(chatEvent.Type), chatEvent.Seq, TenantKeys.Unscope(chatEvent.ChatId), chatEvent.At, chatEvent.UserId,
        chatEvent.Message is { } message ? MessageDto.From(message) : null,
        chatEvent.Reaction is { } reaction ? ReactionDto.From(reaction) : null,
        chatEvent.Read is { } read ? ReadDto.From(read) : null);
}

public sealed record class MessageResponse(MessageDto Message);

public sealed record class ReactionResponse([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReactionDto? Reaction);

public sealed record class MarkReadResponse(ReadDto Read);

public sealed record class ListEventsResponse(IReadOnlyList<EventDto> Events, long LastSeq);

/// <summary>One frame of a Stream with <c>events: true</c>.</summary>
public sealed record class StreamEventResponse(EventDto Event);

public sealed record class CreateChatResponse(ChatDto Chat);

public sealed record class CreateMessageResponse(MessageDto Message);

public sealed record class ListMessagesResponse(IReadOnlyList<MessageDto> Messages)
{
    /// <summary>A page of one chat's messages, the chat named by its API id.</summary>
    public static ListMessagesResponse From(IReadOnlyList<ChatMessage> messages, string chatId)
    {
        var dtos = new MessageDto[messages.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            dtos[i] = MessageDto.From(messages[i], chatId);
        }

        return new(dtos);
    }
}

public sealed record class ListChatsResponse(IReadOnlyList<UserChatDto> Chats);

/// <summary>One frame of a Stream (a WebSocket text frame, or the data of a Server-Sent Event).</summary>
public sealed record class StreamResponse(MessageDto Message);

/// <summary>A new user token and when it expires (its <c>exp</c>).</summary>
public sealed record class CreateUserTokenResponse(string Token, UtcTimestamp ExpiresAt);

/// <summary>The user whose tokens issued before <see cref="RevokedBefore"/> are now refused.</summary>
public sealed record class RevokeUserTokensResponse(string UserId, UtcTimestamp RevokedBefore);
