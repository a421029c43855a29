namespace Chats.Gateway.UserTokens;

/// <summary>CreateUserToken: <c>{"user_id", "expires_in"?}</c>; <c>expires_in</c> in seconds, 3600 when unset.</summary>
public sealed record class CreateUserTokenRequest(string UserId, [property: OptionalInApi] int ExpiresIn) : IApiRequest<CreateUserTokenRequest>
{
    public const int DefaultExpiresIn = 3600;

    public static CreateUserTokenRequest Read(RequestFields fields)
    {
        var userId = fields.String(nameof(UserId));
        var expiresIn = fields.Int32Value(nameof(ExpiresIn)) ?? DefaultExpiresIn;
        if (string.IsNullOrEmpty(userId))
        {
            throw new MicroErrorException(MicroError.MissingUserId);
        }

        fields.CheckId(nameof(UserId), userId);
        return expiresIn < 1
            ? throw new MicroErrorException(MicroError.BadRequest("expires_in: at least 1 second"))
            : new CreateUserTokenRequest(userId, expiresIn);
    }
}

/// <summary>RevokeUserTokens: <c>{"user_id", "issued_before"?}</c>; <c>issued_before</c> is now when unset.</summary>
public sealed record class RevokeUserTokensRequest(string UserId, DateTimeOffset? IssuedBefore) : IApiRequest<RevokeUserTokensRequest>
{
    public static RevokeUserTokensRequest Read(RequestFields fields)
    {
        var userId = fields.String(nameof(UserId));
        var issuedBefore = fields.Timestamp(nameof(IssuedBefore));
        if (string.IsNullOrEmpty(userId))
        {
            throw new MicroErrorException(MicroError.MissingUserId);
        }

        fields.CheckId(nameof(UserId), userId);
        return new RevokeUserTokensRequest(userId, issuedBefore);
    }
}
