using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.UserTokens;

/// <summary>CreateUserToken and RevokeUserTokens: an app backend's server key signs in and out its users (<see cref="ChatsAuthentication.ServerKeyPolicy"/>).</summary>
public static class UserTokensApi
{
    public static Results<JsonReply<CreateUserTokenResponse>, MicroError> CreateUserTokenAsync(
        CreateUserTokenRequest request, ApiCaller caller, UserTokenIssuer issuer, SigningKeyRing keys)
    {
        if (keys.NewestOf(caller.Tenant) is not { } key)
        {
            return MicroError.BadRequest("This tenant has no signing key (Chats:Auth:Tenants:{tenant}:SigningKeys) to sign user tokens with");
        }

        var lifetime = TimeSpan.FromSeconds(request.ExpiresIn);
        if (lifetime > key.MaxTokenLifetime)
        {
            return MicroError.BadRequest($"expires_in: {request.ExpiresIn} s, over the tenant's cap of {key.MaxTokenLifetime.TotalSeconds:0} s");
        }

        var (token, expiresAt) = issuer.Issue(caller.Tenant, request.UserId, lifetime)!.Value;
        return JsonReply.Ok(new CreateUserTokenResponse(token, expiresAt));
    }

    public static async Task<Results<JsonReply<RevokeUserTokensResponse>, MicroError>> RevokeUserTokensAsync(
        RevokeUserTokensRequest request, ApiCaller caller, UserTokenRevocations revocations, TimeProvider time)
    {
        var revokedBefore = await revocations.RevokeAsync(caller.Tenant, request.UserId, request.IssuedBefore ?? time.GetUtcNow());
        return JsonReply.Ok(new RevokeUserTokensResponse(request.UserId, revokedBefore));
    }
}
