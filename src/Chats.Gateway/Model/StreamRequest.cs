namespace Chats.Gateway.Model;

/// <summary>
/// Stream: <c>{"chat_id", "sent_after"?, "user_id"?, "events"?, "after_seq"?}</c>, as the first WebSocket
/// frame or as the query string of a Server-Sent Events request. By default the stream carries new
/// messages, replaying those after <c>sent_after</c> first; with <c>events: true</c> it carries every
/// event, replaying those after <c>after_seq</c> first. With <c>user_id</c> only a member may subscribe.
/// </summary>
public sealed record class StreamRequest(string ChatId, DateTimeOffset? SentAfter, string? UserId, bool Events = false, long? AfterSeq = null)
{
    internal string ChatKey { get; init; } = string.Empty;

    public static StreamRequest Read(RequestFields fields)
    {
        var chatId = fields.String(nameof(ChatId));
        var sentAfter = fields.Timestamp(nameof(SentAfter));
        var named = fields.String(nameof(UserId));
        var events = fields.Boolean(nameof(Events)) ?? false;
        var afterSeq = fields.NonNegativeInt64(nameof(AfterSeq));
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
        var userId = fields.Caller.ActAsIfNamed(named, MicroError.UserMismatch);
        if (!string.IsNullOrEmpty(userId))
        {
            fields.CheckId(nameof(UserId), userId);
        }

        return new StreamRequest(chatId, sentAfter, userId, events, afterSeq) { ChatKey = fields.ChatKey(chatId) };
    }
}
