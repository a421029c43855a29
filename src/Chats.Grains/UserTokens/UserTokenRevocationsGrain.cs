using Chats.Hosting;

namespace Chats.UserTokens;

/// <summary>
/// One tenant's token revocations, durable before they are acknowledged. A revocation older than
/// <see cref="Retention"/> is dropped: every token it could refuse has expired by then (gateways cap a
/// token's lifetime below it).
/// </summary>
internal sealed class UserTokenRevocationsGrain(
    [PersistentState("revocations", GrainStorageNames.Chats)] IPersistentState<UserTokenRevocationsState> state,
    TimeProvider time) : Grain, IUserTokenRevocationsGrain
{
    /// <summary>How long a revocation is kept; a tenant's MaxTokenLifetime must be shorter.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async Task<DateTimeOffset> RevokeAsync(string userId, DateTimeOffset issuedBefore)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var revoked = state.State.RevokedBefore;
        if (revoked.TryGetValue(userId, out var current) && current >= issuedBefore)
        {
            return current;
        }

        var horizon = time.GetUtcNow() - Retention;
        foreach (var expired in revoked.Where(entry => entry.Value < horizon).Select(entry => entry.Key).ToList())
        {
            revoked.Remove(expired);
        }

        revoked[userId] = issuedBefore;
        state.State.Version++;
        await state.WriteStateAsync();
        return issuedBefore;
    }

    public Task<RevocationList?> GetAsync(long knownVersion) => Task.FromResult(knownVersion == state.State.Version
        ? null
        : new RevocationList(state.State.Version, new Dictionary<string, DateTimeOffset>(state.State.RevokedBefore, StringComparer.Ordinal)));
}
