namespace Chats.UserTokens;

/// <summary>The persisted revocations of one tenant's user tokens.</summary>
[GenerateSerializer, Alias("chats.user-token-revocations-state")]
public sealed class UserTokenRevocationsState
{
    /// <summary>Changes with every revocation, so readers can ask "anything new?".</summary>
    [Id(0)]
    public long Version { get; set; }

    /// <summary>Per user id: tokens issued before this time are refused.</summary>
    [Id(1)]
    public Dictionary<string, DateTimeOffset> RevokedBefore { get; set; } = new(StringComparer.Ordinal);
}
