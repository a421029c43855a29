using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;

namespace Chats.Gateway.Model;

/// <summary>ListMessages: <c>{"chat_id", "sent_before"?, "limit"?}</c>, with the limit already defaulted and capped.</summary>
public sealed record class ListMessagesRequest(string ChatId, DateTimeOffset? SentBefore, [property: Apis.OptionalInApi] int Limit)
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

        return new ListMessagesRequest(chatId, sentBefore, limit);
    }
}
