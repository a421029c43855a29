using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chats.Gateway.Authentication;

/// <summary>
/// ASP.NET Core authentication for the API: server keys (<see cref="ApiKeyAuthenticationHandler"/>) and user
/// tokens (JwtBearer: a tenant's own HS256 secrets, or its OpenID Connect provider), chosen per request by
/// the credential's form; and the <see cref="ChatsAuthentication.ApiPolicy"/> every API route group requires, and the
/// <see cref="ChatsAuthentication.ServerKeyPolicy"/> of the routes that sign users in and out.
/// </summary>
public static class AuthenticationExtensions
{
    public static IServiceCollection AddChatsAuthentication(this IServiceCollection services)
    {
        services.AddOptions<UserTokenOptions>().BindConfiguration(UserTokenOptions.Section).ValidateDataAnnotations()
            .Validate(AreSigningKeysValid, "Chats:Auth:Tenants: each signing key needs an Id and a Secret of at least 32 bytes, base64-encoded.")
            .Validate(options => options.Tenants.Values.All(tenant => tenant.MaxTokenLifetime > TimeSpan.Zero && tenant.MaxTokenLifetime <= TimeSpan.FromDays(7)),
                "Chats:Auth:Tenants: MaxTokenLifetime must be more than zero and at most 7 days (revocations are kept 30 days).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<ChatsAccessMode>();
        services.AddSingleton<OidcIssuers>();
        services.AddSingleton<UserTokenRevocations>();
        services.AddSingleton<UserTokenIssuer>();
        services.AddSingleton<UserTokenEvents>();
        services.AddSingleton<UserTokenGrantWatch>();

        // The server-key scheme is the default and hands a user token on to its scheme itself (a selector
        // naming the scheme's own name keeps the request): one handler a request rather than a policy
        // scheme in front of two.
        services.AddAuthentication(ChatsAuthentication.ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ChatsAuthentication.ApiKeyScheme, keys => keys.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(ChatsAuthentication.UserTokenScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(ChatsAuthentication.UserTokenScheme)
            .Configure<SigningKeyRing, IOptions<UserTokenOptions>>((jwt, keys, tokens) => ConfigureOwnTokens(jwt, keys, tokens.Value));

        // A scheme per tenant with an OpenID Connect provider: added by OidcIssuers, configured from the options.
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ProviderTokenSchemes>();

        // The policy names no scheme: the authentication middleware has already run the default one
        // (ChatsAuthentication.ApiKeyScheme) for the request, and naming it would run it a second time.
        // A refusal by the server-key policy is answered by the caller's own scheme (SERVER_KEY_REQUIRED).
        services.AddAuthorizationBuilder()
            .AddPolicy(ChatsAuthentication.ApiPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ChatsAuthentication.ServerKeyPolicy, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.HasClaim(claim => claim.Type == ChatsAuthentication.UserIdClaim)));
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        // An open service ignores credentials, as it always has: the server-key handler lets everyone in.
        var credential = PresentedCredential.Of(context.Request);
        if (credential is null || !PresentedCredential.LooksLikeJwt(credential) || context.RequestServices.GetRequiredService<ChatsAccessMode>().IsOpen)
        {
            return ChatsAuthentication.ApiKeyScheme;
        }

        return context.RequestServices.GetRequiredService<OidcIssuers>().SchemeFor(credential) ?? ChatsAuthentication.UserTokenScheme;
    }

    private static void ConfigureOwnTokens(JwtBearerOptions jwt, SigningKeyRing keys, UserTokenOptions tokens)
    {
        jwt.MapInboundClaims = false;
        jwt.EventsType = typeof(UserTokenEvents);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            // Pinned: HS256 with a tenant's secret only (no "none", no public key used as an HMAC secret).
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Find(keyId) is { } key ? [key.Key] : [],
            ValidateIssuer = true,
            IssuerValidator = (issuer, securityToken, _) =>
                securityToken is JsonWebToken token && keys.Find(token.Kid) is { } key && key.Issuer == issuer
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException("The issuer is not the tenant of the token's key."),
            ValidAudience = UserTokenOptions.Audience,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = tokens.ClockSkew,
        };
    }

    private static bool AreSigningKeysValid(UserTokenOptions options) =>
        options.Tenants.Values.SelectMany(tenant => tenant.SigningKeys).All(key =>
        {
            var secret = new byte[key.Secret.Length];
            return key.Id.Length > 0 && Convert.TryFromBase64String(key.Secret, secret, out var length) && length >= 32;
        });
}
