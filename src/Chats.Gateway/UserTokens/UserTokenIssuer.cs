using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chats.Gateway.UserTokens;

/// <summary>Signs user tokens with a tenant's newest signing secret (HS256), through Microsoft.IdentityModel.</summary>
public sealed class UserTokenIssuer(SigningKeyRing keys, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A token for <paramref name="userId"/> of <paramref name="tenant"/>, or null when the tenant has no signing secret.</summary>
    public (string Token, DateTimeOffset ExpiresAt)? Issue(string tenant, string userId, TimeSpan lifetime)
    {
        if (keys.NewestOf(tenant) is not { } key)
        {
            return null;
        }

        // JWT times are whole seconds: the reply's expires_at is the token's exp.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = now + TimeSpan.FromSeconds(Math.Floor(lifetime.TotalSeconds));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = key.Issuer,
            Audience = UserTokenOptions.Audience,
            Subject = new ClaimsIdentity([new Claim("user_id", userId), new Claim(JwtRegisteredClaimNames.Sub, userId)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }
}
