using System.Text.Json;
using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Security;

namespace Chats.Gateway.Model;

/// <summary>The fields every request about one chat starts with: its body, limits, caller and <c>chat_id</c>.</summary>
internal readonly record struct ChatRequestBody(JsonElement Body, ChatsApiLimits Limits, ApiCaller Caller, string ChatId)
{
    public static async ValueTask<ChatRequestBody> ReadAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var chatId = JsonFields.GetString(body, "chat_id");
        return string.IsNullOrEmpty(chatId)
            ? throw new MicroErrorException(MicroError.MissingChatId)
            : new ChatRequestBody(body, limits, context.GetCaller(), chatId);
    }

    /// <summary>A required id field, checked.</summary>
    public string RequiredId(string name, MicroError missing)
    {
        var value = JsonFields.GetString(Body, name);
        if (string.IsNullOrEmpty(value))
        {
            throw new MicroErrorException(missing);
        }

        JsonFields.ValidateId(name, value, Limits.MaxIdLength);
        return value;
    }

    /// <summary>The user the request acts as (see <see cref="ApiCaller.ActAs"/>), from the field <paramref name="name"/>.</summary>
    public string ActingUser(string name, MicroError missing, MicroError mismatch)
    {
        var user = Caller.ActAs(JsonFields.GetString(Body, name), missing, mismatch);
        JsonFields.ValidateId(name, user, Limits.MaxIdLength);
        return user;
    }

    /// <summary>The user a server key names in <paramref name="name"/> (or a user token's user); null when a server key names none.</summary>
    public string? OptionalActingUser(string name, MicroError mismatch)
    {
        var user = Caller.ActAsIfNamed(JsonFields.GetString(Body, name), mismatch);
        if (user is not null && !Caller.IsUser)
        {
            JsonFields.ValidateId(name, user, Limits.MaxIdLength);
        }

        return user;
    }
}

/// <summary>UpdateMessage: <c>{"chat_id", "id", "text"?, "metadata"?, "author_id"?}</c>; own messages only.</summary>
public sealed record class UpdateMessageRequest(
    string ChatId,
    string Id,
    string? Text,
    IReadOnlyDictionary<string, string>? Metadata,
    [property: OptionalInApi] string AuthorId)
{
    public static async ValueTask<UpdateMessageRequest> BindAsync(HttpContext context)
    {
        var request = await ChatRequestBody.ReadAsync(context);
        var id = request.RequiredId("id", MicroError.MissingId);
        var authorId = request.ActingUser("author_id", MicroError.MissingAuthorId, MicroError.AuthorMismatch);
        var text = JsonFields.GetString(request.Body, "text");
        var metadata = JsonFields.GetMetadata(request.Body);
        if (string.IsNullOrEmpty(text) && metadata is null)
        {
            throw new MicroErrorException(MicroError.BadRequest("Give text, metadata or both: what to change"));
        }

        if (!string.IsNullOrEmpty(text))
        {
            if (text.Length > request.Limits.MaxTextLength)
            {
                throw new MicroErrorException(MicroError.BadRequest($"text: {text.Length} characters, over the limit of {request.Limits.MaxTextLength}"));
            }

            JsonFields.ValidateText("text", text);
        }

        return new UpdateMessageRequest(request.ChatId, id, string.IsNullOrEmpty(text) ? null : text, metadata, authorId);
    }
}

/// <summary>DeleteMessage: <c>{"chat_id", "id", "author_id"?}</c>; own messages only, any with a server key that names no author.</summary>
public sealed record class DeleteMessageRequest(string ChatId, string Id, string? AuthorId)
{
    public static async ValueTask<DeleteMessageRequest> BindAsync(HttpContext context)
    {
        var request = await ChatRequestBody.ReadAsync(context);
        var id = request.RequiredId("id", MicroError.MissingId);
        return new DeleteMessageRequest(request.ChatId, id, request.OptionalActingUser("author_id", MicroError.AuthorMismatch));
    }
}

/// <summary>AddReaction and RemoveReaction: <c>{"chat_id", "message_id", "type", "user_id"?}</c>, as yourself.</summary>
public sealed record class ReactionRequest(string ChatId, string MessageId, string Type, [property: OptionalInApi] string UserId)
{
    public static async ValueTask<ReactionRequest> BindAsync(HttpContext context)
    {
        var request = await ChatRequestBody.ReadAsync(context);
        var messageId = request.RequiredId("message_id", MicroError.MissingMessageId);
        var userId = request.ActingUser("user_id", MicroError.MissingUserId, MicroError.UserMismatch);
        var type = JsonFields.GetString(request.Body, "type");
        if (string.IsNullOrEmpty(type))
        {
            throw new MicroErrorException(MicroError.MissingType);
        }

        JsonFields.ValidateId("type", type, ChatLimits.MaxReactionTypeLength);
        return new ReactionRequest(request.ChatId, messageId, type, userId);
    }
}

/// <summary>MarkRead: <c>{"chat_id", "sent_at", "user_id"?}</c>: the user has read every message sent at or before <c>sent_at</c>.</summary>
public sealed record class MarkReadRequest(string ChatId, DateTimeOffset SentAt, [property: OptionalInApi] string UserId)
{
    public static async ValueTask<MarkReadRequest> BindAsync(HttpContext context)
    {
        var request = await ChatRequestBody.ReadAsync(context);
        var userId = request.ActingUser("user_id", MicroError.MissingUserId, MicroError.UserMismatch);
        var sentAt = JsonFields.GetTimestamp(request.Body, "sent_at") ?? throw new MicroErrorException(MicroError.MissingSentAt);
        return new MarkReadRequest(request.ChatId, sentAt, userId);
    }
}

/// <summary>ListEvents: <c>{"chat_id", "after_seq"?, "limit"?, "user_id"?}</c>, oldest first; a user token reads as its user (members only).</summary>
public sealed record class ListEventsRequest(string ChatId, [property: OptionalInApi] long AfterSeq, [property: OptionalInApi] int Limit, string? UserId)
{
    public static async ValueTask<ListEventsRequest> BindAsync(HttpContext context)
    {
        var request = await ChatRequestBody.ReadAsync(context);
        var afterSeq = JsonFields.GetNonNegativeInt64(request.Body, "after_seq") ?? 0;
        var limit = request.Limits.PageSize(JsonFields.GetInt32Value(request.Body, "limit"));
        return new ListEventsRequest(request.ChatId, afterSeq, limit, request.OptionalActingUser("user_id", MicroError.UserMismatch));
    }
}
