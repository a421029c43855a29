using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Security;

namespace Chats.Gateway.Model;

/// <summary>ListChats: <c>{"user_id", "limit"?, "before"?}</c>, with the limit already defaulted and capped.</summary>
public sealed record class ListChatsRequest([property: Apis.OptionalInApi] string UserId, DateTimeOffset? Before, [property: Apis.OptionalInApi] int Limit)
{
    public static async ValueTask<ListChatsRequest> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var userId = context.GetCaller().ActAs(JsonFields.GetString(body, "user_id"), MicroError.MissingUserId, MicroError.UserMismatch);
        var before = JsonFields.GetTimestamp(body, "before");
        var limit = limits.PageSize(JsonFields.GetInt32Value(body, "limit"));

        JsonFields.ValidateId("user_id", userId, limits.MaxIdLength);
        return new ListChatsRequest(userId, before, limit);
    }
}
