using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Security;

namespace Chats.Gateway.Model;

/// <summary>
/// CreateMessage: <c>{"id"?, "chat_id", "author_id", "text", "reply_to_id"?, "metadata"?}</c>; an empty id
/// means "assign one"; a user token's user is the author.
/// </summary>
public sealed record class CreateMessageRequest(
    string? Id,
    string ChatId,
    [property: Apis.OptionalInApi] string AuthorId,
    string Text,
    string? ReplyToId = null,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    public static async ValueTask<CreateMessageRequest> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var id = JsonFields.GetString(body, "id");
        var chatId = JsonFields.GetString(body, "chat_id");
        var text = JsonFields.GetString(body, "text");

        // A user token's user may leave author_id out; a server key names the author.
        var authorId = context.GetCaller().ActAs(JsonFields.GetString(body, "author_id"), MicroError.MissingAuthorId, MicroError.AuthorMismatch);

        if (string.IsNullOrEmpty(chatId))
        {
            throw new MicroErrorException(MicroError.MissingChatId);
        }

        if (string.IsNullOrEmpty(text))
        {
            throw new MicroErrorException(MicroError.MissingText);
        }

        JsonFields.ValidateId("author_id", authorId, limits.MaxIdLength);
        if (!string.IsNullOrEmpty(id))
        {
            JsonFields.ValidateId("id", id, limits.MaxIdLength);
        }

        if (text.Length > limits.MaxTextLength)
        {
            throw new MicroErrorException(MicroError.BadRequest($"text: {text.Length} characters, over the limit of {limits.MaxTextLength}"));
        }

        JsonFields.ValidateText("text", text);
        var replyToId = JsonFields.GetString(body, "reply_to_id");
        if (!string.IsNullOrEmpty(replyToId))
        {
            JsonFields.ValidateId("reply_to_id", replyToId, limits.MaxIdLength);
        }

        var metadata = JsonFields.GetMetadata(body);
        return new CreateMessageRequest(string.IsNullOrEmpty(id) ? null : id, chatId, authorId, text,
            string.IsNullOrEmpty(replyToId) ? null : replyToId, metadata is { Count: > 0 } ? metadata : null);
    }
}
