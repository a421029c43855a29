using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Security;

namespace Chats.Gateway.Model;

/// <summary>
/// ListMessages: <c>{"chat_id", "sent_before"?, "limit"?, "user_id"?}</c>, with the limit already defaulted
/// and capped. A user token reads as its user; a server key may name a member in <c>user_id</c> to see
/// that user's <c>own_reactions</c>.
/// </summary>
public sealed record class ListMessagesRequest(string ChatId, DateTimeOffset? SentBefore, [property: Apis.OptionalInApi] int Limit, string? UserId = null)
{
    public static async ValueTask<ListMessagesRequest> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var chatId = JsonFields.GetString(body, "chat_id");
        var sentBefore = JsonFields.GetTimestamp(body, "sent_before");
        var limit = limits.PageSize(JsonFields.GetInt32Value(body, "limit"));
        if (string.IsNullOrEmpty(chatId))
        {
            throw new MicroErrorException(MicroError.MissingChatId);
        }

        var userId = context.GetCaller().ActAsIfNamed(JsonFields.GetString(body, "user_id"), MicroError.UserMismatch);
        if (userId is not null)
        {
            JsonFields.ValidateId("user_id", userId, limits.MaxIdLength);
        }

        return new ListMessagesRequest(chatId, sentBefore, limit, userId);
    }
}
