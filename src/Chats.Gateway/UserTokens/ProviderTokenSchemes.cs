using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Chats.Gateway.UserTokens;

/// <summary>
/// The options of each tenant's OpenID Connect scheme (the schemes are added by <see cref="OidcIssuers"/>),
/// configured from <see cref="UserTokenOptions"/>. JwtBearer reads the provider's discovery document and
/// signing keys, and validates everything; asymmetric algorithms only.
/// </summary>
internal sealed class ProviderTokenSchemes(IOptions<UserTokenOptions> options) : IConfigureNamedOptions<JwtBearerOptions>
{
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384,
    ];

    public void Configure(string? name, JwtBearerOptions jwt)
    {
        if (name is null || !name.StartsWith(ChatsAuthentication.OidcSchemePrefix, StringComparison.Ordinal)
            || !options.Value.Tenants.TryGetValue(name[ChatsAuthentication.OidcSchemePrefix.Length..], out var tenant))
        {
            return;
        }

        jwt.Authority = tenant.Authority;
        jwt.Audience = tenant.Audience;
        jwt.RequireHttpsMetadata = tenant.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.EventsType = typeof(UserTokenEvents);
        jwt.TokenValidationParameters.ValidAlgorithms = AsymmetricAlgorithms;
        jwt.TokenValidationParameters.RequireSignedTokens = true;
        jwt.TokenValidationParameters.RequireExpirationTime = true;
        jwt.TokenValidationParameters.ClockSkew = options.Value.ClockSkew;
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
