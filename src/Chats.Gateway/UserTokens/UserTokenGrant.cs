namespace Chats.Gateway.UserTokens;

/// <summary>A validated user token: whom it names, when it was issued (null: it does not say) and when it expires.</summary>
public sealed record class UserTokenGrant(string Tenant, string UserId, DateTimeOffset? IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether a revocation of tokens issued before <paramref name="revokedBefore"/> covers this one.</summary>
    public bool IsRevokedBy(DateTimeOffset? revokedBefore) => revokedBefore is { } before && (IssuedAt is null || IssuedAt < before);
}
