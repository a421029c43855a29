using Chats.Gateway.Apis;
using Chats.Gateway.Errors;
using Chats.Gateway.Json;

namespace Chats.Gateway.Model;

/// <summary>CreateUserToken: <c>{"user_id", "expires_in"?}</c>; <c>expires_in</c> in seconds, 3600 when unset.</summary>
public sealed record class CreateUserTokenRequest(string UserId, [property: Apis.OptionalInApi] int ExpiresIn)
{
    public const int DefaultExpiresIn = 3600;

    public static async ValueTask<CreateUserTokenRequest> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var userId = JsonFields.GetString(body, "user_id");
        var expiresIn = JsonFields.GetInt32Value(body, "expires_in") ?? DefaultExpiresIn;
        if (string.IsNullOrEmpty(userId))
        {
            throw new MicroErrorException(MicroError.MissingUserId);
        }

        JsonFields.ValidateId("user_id", userId, limits.MaxIdLength);
        return expiresIn < 1
            ? throw new MicroErrorException(MicroError.BadRequest("expires_in: at least 1 second"))
            : new CreateUserTokenRequest(userId, expiresIn);
    }
}

/// <summary>RevokeUserTokens: <c>{"user_id", "issued_before"?}</c>; <c>issued_before</c> is now when unset.</summary>
public sealed record class RevokeUserTokensRequest(string UserId, DateTimeOffset? IssuedBefore)
{
    public static async ValueTask<RevokeUserTokensRequest> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var userId = JsonFields.GetString(body, "user_id");
        var issuedBefore = JsonFields.GetTimestamp(body, "issued_before");
        if (string.IsNullOrEmpty(userId))
        {
            throw new MicroErrorException(MicroError.MissingUserId);
        }

        JsonFields.ValidateId("user_id", userId, limits.MaxIdLength);
        return new RevokeUserTokensRequest(userId, issuedBefore);
    }
}
