using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Chats.Gateway.UserTokens;

/// <summary>
/// Which scheme validates a token of a tenant's OpenID Connect provider: the one whose Authority is the
/// token's issuer. The issuer is read, not trusted: that scheme then validates everything. Adds those
/// schemes (JwtBearer, options from <see cref="ProviderTokenSchemes"/>) when first used.
/// </summary>
public sealed class OidcIssuers
{
    private readonly JsonWebTokenHandler _reader = new();
    private readonly Dictionary<string, string> _schemeByIssuer;

    public OidcIssuers(IOptions<UserTokenOptions> options, IAuthenticationSchemeProvider schemes)
    {
        _schemeByIssuer = options.Value.Tenants
            .Where(tenant => !string.IsNullOrEmpty(tenant.Value.Authority))
            .ToDictionary(tenant => tenant.Value.Authority!.TrimEnd('/'), tenant => ChatsAuthentication.OidcSchemePrefix + tenant.Key, StringComparer.Ordinal);
        foreach (var scheme in _schemeByIssuer.Values)
        {
            schemes.TryAddScheme(new AuthenticationScheme(scheme, displayName: null, typeof(JwtBearerHandler)));
        }
    }

    public string? SchemeFor(string token)
    {
        if (_schemeByIssuer.Count == 0 || !_reader.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return _schemeByIssuer.GetValueOrDefault(_reader.ReadJsonWebToken(token).Issuer.TrimEnd('/'));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
