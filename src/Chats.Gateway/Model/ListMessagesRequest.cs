namespace Chats.Gateway.Model;

/// <summary>
/// ListMessages: <c>{"chat_id", "sent_before"?, "limit"?, "user_id"?}</c>, with the limit already defaulted
/// and capped. A user token reads as its user; a server key may name a member in <c>user_id</c> to see
/// that user's <c>own_reactions</c>.
/// </summary>
public sealed record class ListMessagesRequest(string ChatId, DateTimeOffset? SentBefore, [property: OptionalInApi] int Limit, string? UserId = null)
    : IApiRequest<ListMessagesRequest>
{
    /// <summary>The caller's grain key of <see cref="ChatId"/>.</summary>
    internal string ChatKey { get; init; } = string.Empty;

    public static ListMessagesRequest Read(RequestFields fields)
    {
        var chatId = fields.String(nameof(ChatId));
        var sentBefore = fields.Timestamp(nameof(SentBefore));
        var limit = fields.PageSize(nameof(Limit));
        if (string.IsNullOrEmpty(chatId))
        {
            throw new MicroErrorException(MicroError.MissingChatId);
        }

        var userId = fields.Caller.ActAsIfNamed(fields.String(nameof(UserId)), MicroError.UserMismatch);
        if (userId is not null)
        {
            fields.CheckId(nameof(UserId), userId);
        }

        return new ListMessagesRequest(chatId, sentBefore, limit, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}
