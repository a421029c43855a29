using System.Text.Json;
using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Security;

namespace Chats.Gateway.Model;

/// <summary>
/// Stream: <c>{"chat_id", "sent_after"?, "user_id"?}</c>, as the first WebSocket frame or as the query
/// string of a Server-Sent Events request. With <c>sent_after</c> the stored messages after it are sent
/// first; with <c>user_id</c> only a member of the chat may subscribe.
/// </summary>
public sealed record class StreamRequest(string ChatId, DateTimeOffset? SentAfter, string? UserId)
{
    public static StreamRequest FromJson(JsonElement body, ChatsApiLimits limits, ApiCaller caller)
    {
        var chatId = JsonFields.GetString(body, "chat_id");
        var sentAfter = JsonFields.GetTimestamp(body, "sent_after");
        var named = JsonFields.GetString(body, "user_id");
        if (string.IsNullOrEmpty(chatId))
        {
            throw new MicroErrorException(MicroError.MissingChatId);
        }

        // A user token streams as its user (members only); a server key may name a user to check.
        var userId = caller.IsUser ? caller.ActAs(named, MicroError.MissingUserId, MicroError.UserMismatch) : named;

        if (!string.IsNullOrEmpty(userId))
        {
            JsonFields.ValidateId("user_id", userId, limits.MaxIdLength);
        }

        return new StreamRequest(chatId, sentAfter, string.IsNullOrEmpty(userId) ? null : userId);
    }
}
