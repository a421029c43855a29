namespace Chats.Gateway.Model;

/// <summary>UpdateMessage: <c>{"chat_id", "id", "text"?, "metadata"?, "author_id"?}</c>; own messages only.</summary>
public sealed record class UpdateMessageRequest(
    string ChatId,
    string Id,
    string? Text,
    IReadOnlyDictionary<string, string>? Metadata,
    [property: OptionalInApi] string AuthorId) : IApiRequest<UpdateMessageRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static UpdateMessageRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var id = fields.RequiredId(nameof(Id), MicroError.MissingId);
        var authorId = fields.ActingUser(nameof(AuthorId), MicroError.MissingAuthorId, MicroError.AuthorMismatch);
        var text = fields.String(nameof(Text));
        var metadata = fields.Metadata(nameof(Metadata));
        if (string.IsNullOrEmpty(text) && metadata is null)
        {
            throw new MicroErrorException(MicroError.BadRequest("Give text, metadata or both: what to change"));
        }

        if (!string.IsNullOrEmpty(text))
        {
            fields.CheckText(nameof(Text), text);
        }

        return new UpdateMessageRequest(chatId, id, string.IsNullOrEmpty(text) ? null : text, metadata, authorId) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>DeleteMessage: <c>{"chat_id", "id", "author_id"?}</c>; own messages only, any with a server key that names no author.</summary>
public sealed record class DeleteMessageRequest(string ChatId, string Id, string? AuthorId) : IApiRequest<DeleteMessageRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static DeleteMessageRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var id = fields.RequiredId(nameof(Id), MicroError.MissingId);
        return new DeleteMessageRequest(chatId, id, fields.OptionalActingUser(nameof(AuthorId), MicroError.AuthorMismatch)) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>AddReaction and RemoveReaction: <c>{"chat_id", "message_id", "type", "user_id"?}</c>, as yourself.</summary>
public sealed record class ReactionRequest(string ChatId, string MessageId, string Type, [property: OptionalInApi] string UserId) : IApiRequest<ReactionRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static ReactionRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var messageId = fields.RequiredId(nameof(MessageId), MicroError.MissingMessageId);
        var userId = fields.ActingUser(nameof(UserId), MicroError.MissingUserId, MicroError.UserMismatch);
        var type = fields.RequiredId(nameof(Type), MicroError.MissingType, ChatLimits.MaxReactionTypeLength);
        return new ReactionRequest(chatId, messageId, type, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>MarkRead: <c>{"chat_id", "sent_at", "user_id"?}</c>: the user has read every message sent at or before <c>sent_at</c>.</summary>
public sealed record class MarkReadRequest(string ChatId, DateTimeOffset SentAt, [property: OptionalInApi] string UserId) : IApiRequest<MarkReadRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static MarkReadRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var userId = fields.ActingUser(nameof(UserId), MicroError.MissingUserId, MicroError.UserMismatch);
        var sentAt = fields.Timestamp(nameof(SentAt)) ?? throw new MicroErrorException(MicroError.MissingSentAt);
        return new MarkReadRequest(chatId, sentAt, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>ListEvents: <c>{"chat_id", "after_seq"?, "limit"?, "user_id"?}</c>, oldest first; a user token reads as its user (members only).</summary>
public sealed record class ListEventsRequest(string ChatId, [property: OptionalInApi] long AfterSeq, [property: OptionalInApi] int Limit, string? UserId)
    : IApiRequest<ListEventsRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static ListEventsRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var afterSeq = fields.NonNegativeInt64(nameof(AfterSeq)) ?? 0;
        var limit = fields.PageSize(nameof(Limit));
        return new ListEventsRequest(chatId, afterSeq, limit, fields.OptionalActingUser(nameof(UserId), MicroError.UserMismatch)) { ChatKey = fields.ChatKey(chatId) };
    }
}
