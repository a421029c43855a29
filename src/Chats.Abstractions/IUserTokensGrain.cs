namespace Chats;

/// <summary>
/// Which user tokens of one user are revoked: every token issued before a time. Keyed by
/// <see cref="UserTokenKeys.GrainKey"/> of the user's tenant-scoped key.
/// </summary>
[Alias("chats.IUserTokensGrain")]
public interface IUserTokensGrain : IGrainWithStringKey
{
    /// <summary>Refuses the user's tokens issued before <paramref name="issuedBefore"/> from now on; returns the time in force (the latest ever given).</summary>
    [Alias("RevokeAsync")]
    Task<DateTimeOffset> RevokeAsync(DateTimeOffset issuedBefore);

    /// <summary>Tokens issued before this time are revoked; null when none ever was.</summary>
    [Alias("GetRevokedBeforeAsync")]
    Task<DateTimeOffset?> GetRevokedBeforeAsync();
}
