namespace Chats;

/// <summary>A tenant's revoked user tokens: per user id, tokens issued before this time are refused.</summary>
[GenerateSerializer, Immutable, Alias("chats.revocation-list")]
public sealed record class RevocationList(long Version, IReadOnlyDictionary<string, DateTimeOffset> RevokedBefore)
{
    public static RevocationList Empty { get; } = new(0, new Dictionary<string, DateTimeOffset>());
}
