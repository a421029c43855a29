namespace Chats.Gateway.Model;

/// <summary>ListChats: <c>{"user_id", "limit"?, "before"?}</c>, with the limit already defaulted and capped.</summary>
public sealed record class ListChatsRequest([property: OptionalInApi] string UserId, DateTimeOffset? Before, [property: OptionalInApi] int Limit)
    : IApiRequest<ListChatsRequest>
{
    public static ListChatsRequest Read(RequestFields fields)
    {
        var userId = fields.Caller.ActAs(fields.String(nameof(UserId)), MicroError.MissingUserId, MicroError.UserMismatch);
        var before = fields.Timestamp(nameof(Before));
        var limit = fields.PageSize(nameof(Limit));
        fields.CheckId(nameof(UserId), userId);
        return new ListChatsRequest(userId, before, limit);
    }
}
