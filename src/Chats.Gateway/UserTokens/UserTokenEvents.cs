using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chats.Gateway.UserTokens;

/// <summary>
/// What Chats adds to JwtBearer's validation of user tokens (signature, algorithm, issuer, audience and
/// times are JwtBearer's): the user claim, the lifetime cap, <c>iat</c> not in the future, revocation, the
/// caller's claims; and every refusal as a micro-shaped 401 (<c>TOKEN_EXPIRED</c> only when a new token
/// helps) that never echoes the token.
/// </summary>
internal sealed partial class UserTokenEvents(
    SigningKeyRing signingKeys,
    IOptions<UserTokenOptions> options,
    UserTokenRevocations revocations,
    TimeProvider time,
    ILogger<UserTokenEvents> logger) : JwtBearerEvents
{
    private static readonly object FailureKey = new();

    public override Task MessageReceived(MessageReceivedContext context)
    {
        // The header, or on GET (Stream) the access_token query parameter; never the query on other methods.
        context.Token = PresentedCredential.Of(context.Request);
        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken token || Trust(context.Scheme.Name, token) is not { } trust)
        {
            Fail(context, MicroError.TokenInvalid("the token's key or issuer is not trusted"));
            return;
        }

        if (UserIdOf(token, trust.UserIdClaims) is not { Length: > 0 } userId)
        {
            Fail(context, MicroError.TokenInvalid($"the token names no user ({string.Join(" or ", trust.UserIdClaims)} claim)"));
            return;
        }

        var now = time.GetUtcNow();
        var issuedAt = token.IssuedAt != DateTime.MinValue ? new DateTimeOffset(token.IssuedAt, TimeSpan.Zero) : (DateTimeOffset?)null;
        if (issuedAt > now + options.Value.ClockSkew)
        {
            Fail(context, MicroError.TokenInvalid("the token's iat is in the future"));
            return;
        }

        var lifetime = new DateTimeOffset(token.ValidTo, TimeSpan.Zero) - (issuedAt ?? now);
        if (lifetime > trust.MaxLifetime)
        {
            Fail(context, MicroError.TokenInvalid($"the token's lifetime is over the tenant's cap of {trust.MaxLifetime.TotalHours:0.##} h"));
            return;
        }

        var grant = new UserTokenGrant(trust.Tenant, userId, issuedAt, new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
        if (grant.IsRevokedBy(await revocations.RevokedBeforeAsync(trust.Tenant, userId)))
        {
            Fail(context, MicroError.TokenExpired("the token was revoked"));
            return;
        }

        var caller = new ApiCaller(trust.Tenant, $"user-token:{trust.Tenant}", userId);
        context.Principal!.AddIdentity(caller.ToIdentity(context.Scheme.Name));
        context.HttpContext.Items[GrantKey] = grant;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items.TryAdd(FailureKey, context.Exception switch
        {
            SecurityTokenExpiredException => MicroError.TokenExpired("the token has expired"),
            SecurityTokenNoExpirationException => MicroError.TokenInvalid("the token has no exp"),
            SecurityTokenNotYetValidException => MicroError.TokenInvalid("the token is not valid yet (nbf)"),
            SecurityTokenInvalidAlgorithmException => MicroError.TokenInvalid("the token's algorithm is not accepted"),
            SecurityTokenSignatureKeyNotFoundException => MicroError.TokenInvalid("the token's key (kid) is unknown"),
            SecurityTokenInvalidSignatureException => MicroError.TokenInvalid("the token's signature is not valid"),
            SecurityTokenInvalidIssuerException => MicroError.TokenInvalid("the token's issuer is not trusted"),
            SecurityTokenInvalidAudienceException => MicroError.TokenInvalid("the token's audience is not accepted"),
            SecurityTokenMalformedException or ArgumentException => MicroError.TokenInvalid("the token is malformed"),
            _ => MicroError.TokenInvalid("the token is not valid"),
        });
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var error = context.HttpContext.Items.TryGetValue(FailureKey, out var failure) && failure is MicroError known
            ? known
            : context.AuthenticateFailure is null ? MicroError.Unauthorized : MicroError.TokenInvalid("the token is not valid");
        LogInformationRefused(context.Request.Path, error.Id, error.Detail);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return error.ExecuteAsync(context.HttpContext);
    }

    public override Task Forbidden(ForbiddenContext context) => MicroError.ServerKeyRequired.ExecuteAsync(context.HttpContext);

    /// <summary>What the request's user token grants, and until when; null for other callers.</summary>
    public static UserTokenGrant? GrantOf(HttpContext context) =>
        context.Items.TryGetValue(GrantKey, out var value) && value is UserTokenGrant grant ? grant : null;

    private static readonly object GrantKey = new();

    private static void Fail(TokenValidatedContext context, MicroError error)
    {
        context.HttpContext.Items[FailureKey] = error;
        context.Fail(error.Detail);
    }

    private (string Tenant, TimeSpan MaxLifetime, string[] UserIdClaims)? Trust(string scheme, JsonWebToken token)
    {
        if (scheme == ChatsAuthentication.UserTokenScheme)
        {
            return signingKeys.Find(token.Kid) is { } key ? (key.Tenant, key.MaxTokenLifetime, ["user_id", "sub"]) : null;
        }

        var name = scheme[ChatsAuthentication.OidcSchemePrefix.Length..];
        return options.Value.Tenants.TryGetValue(name, out var tenant)
            ? (UserTokenOptions.TenantOf(name), tenant.MaxTokenLifetime, [tenant.UserIdClaim])
            : null;
    }

    private static string? UserIdOf(JsonWebToken token, string[] claims) =>
        claims.Select(claim => token.TryGetPayloadValue<string>(claim, out var value) ? value : null).FirstOrDefault(value => !string.IsNullOrEmpty(value));

    [LoggerMessage(EventId = (int)LogEvents.TokenRefused, Level = LogLevel.Information, Message = "Refused a user token on {Path}: {ErrorId}: {Reason}")]
    private partial void LogInformationRefused(string path, string errorId, string reason);
}
