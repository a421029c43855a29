namespace Chats;

/// <summary>
/// One tenant's revoked user tokens: per user, tokens issued before a time are refused. Keyed by
/// <see cref="GrainKeyOf"/>; gateways read the whole list at most every few seconds, so checking a
/// token costs no call of its own.
/// </summary>
[Alias("chats.IUserTokenRevocationsGrain")]
public interface IUserTokenRevocationsGrain : IGrainWithStringKey
{
    /// <summary>Refuses the user's tokens issued before <paramref name="issuedBefore"/>; returns the time in force (the latest ever given).</summary>
    [Alias("RevokeAsync")]
    Task<DateTimeOffset> RevokeAsync(string userId, DateTimeOffset issuedBefore);

    /// <summary>The tenant's revocations, or null when they are still those of <paramref name="knownVersion"/>.</summary>
    [Alias("GetAsync")]
    Task<RevocationList?> GetAsync(long knownVersion);

    /// <summary>The grain key of a tenant's revocations.</summary>
    static string GrainKeyOf(string tenant) => TenantKeys.Scope(tenant, "user-token-revocations");
}
