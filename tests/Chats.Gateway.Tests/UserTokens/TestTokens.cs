using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chats.Tests.UserTokens;

/// <summary>Tokens as an app backend or an attacker would make them, through Microsoft.IdentityModel.</summary>
internal static class TestTokens
{
    /// <summary>An alpha-tenant token for <paramref name="userId"/>, valid for ten minutes, changed by <paramref name="shape"/>.</summary>
    public static string Alpha(string userId, Action<SecurityTokenDescriptor>? shape = null) =>
        Sign(KeyedGateway.AlphaSecret, "alpha-2026", "chats:alpha", userId, shape);

    public static string Sign(byte[] secret, string keyId, string issuer, string userId, Action<SecurityTokenDescriptor>? shape = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "chats",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["user_id"] = userId },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
        };
        shape?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
