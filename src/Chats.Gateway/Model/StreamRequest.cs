using System.Text.Json;
using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Security;

namespace Chats.Gateway.Model;

/// <summary>
/// Stream: <c>{"chat_id", "sent_after"?, "user_id"?, "events"?, "after_seq"?}</c>, as the first WebSocket
/// frame or as the query string of a Server-Sent Events request. By default the stream carries new
/// messages, replaying those after <c>sent_after</c> first; with <c>events: true</c> it carries every
/// event, replaying those after <c>after_seq</c> first. With <c>user_id</c> only a member may subscribe.
/// </summary>
public sealed record class StreamRequest(string ChatId, DateTimeOffset? SentAfter, string? UserId, bool Events = false, long? AfterSeq = null)
{
    public static StreamRequest FromJson(JsonElement body, ChatsApiLimits limits, ApiCaller caller)
    {
        var chatId = JsonFields.GetString(body, "chat_id");
        var sentAfter = JsonFields.GetTimestamp(body, "sent_after");
        var named = JsonFields.GetString(body, "user_id");
        var events = JsonFields.GetBoolean(body, "events") ?? false;
        var afterSeq = JsonFields.GetNonNegativeInt64(body, "after_seq");
        if (afterSeq is not null && !events)
        {
            throw new MicroErrorException(MicroError.BadRequest("after_seq: only with events: true (a message stream resumes with sent_after)"));
        }

        if (sentAfter is not null && events)
        {
            throw new MicroErrorException(MicroError.BadRequest("sent_after: an event stream resumes with after_seq"));
        }

        if (string.IsNullOrEmpty(chatId))
        {
            throw new MicroErrorException(MicroError.MissingChatId);
        }

        // A user token streams as its user (members only); a server key may name a user to check.
        var userId = caller.ActAsIfNamed(named, MicroError.UserMismatch);

        if (!string.IsNullOrEmpty(userId))
        {
            JsonFields.ValidateId("user_id", userId, limits.MaxIdLength);
        }

        return new StreamRequest(chatId, sentAfter, userId, events, afterSeq);
    }
}
