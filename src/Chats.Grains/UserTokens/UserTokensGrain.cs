using Chats.Hosting;

namespace Chats.UserTokens;

/// <summary>One user's token revocation: a time that only moves forward, durable before it is acknowledged.</summary>
internal sealed class UserTokensGrain(
    [PersistentState("userTokens", GrainStorageNames.Chats)] IPersistentState<UserTokensState> state) : Grain, IUserTokensGrain
{
    public async Task<DateTimeOffset> RevokeAsync(DateTimeOffset issuedBefore)
    {
        if (state.State.RevokedBefore is not { } current || issuedBefore > current)
        {
            state.State.RevokedBefore = issuedBefore;
            await state.WriteStateAsync();
        }

        return state.State.RevokedBefore!.Value;
    }

    public Task<DateTimeOffset?> GetRevokedBeforeAsync() => Task.FromResult(state.State.RevokedBefore);
}
