namespace Chats.UserTokens;

/// <summary>The persisted revocation of one user's tokens.</summary>
[GenerateSerializer, Alias("chats.user-tokens-state")]
public sealed class UserTokensState
{
    /// <summary>Tokens issued before this time are refused; null: none revoked.</summary>
    [Id(0)]
    public DateTimeOffset? RevokedBefore { get; set; }
}
