namespace Chats.Gateway.Presence;

/// <summary>The presence of a chat's members as GetChat and ListMembers show it: one in-memory grain call per member, or none when the caller's tenant has presence off.</summary>
public sealed class MemberPresence(IClusterClient cluster, IOptions<ChatsPresenceOptions> options)
{
    /// <summary>Each user's presence in order, or null when <paramref name="caller"/>'s tenant has presence off.</summary>
    public async Task<UserPresence[]?> GetAsync(ApiCaller caller, string chatKey, IEnumerable<string> userIds) =>
        options.Value.IsOn(caller.Tenant)
            ? await Task.WhenAll(userIds.Select(userId => cluster.GetGrain<IPresenceGrain>(TenantKeys.ScopeLike(chatKey, userId)).GetAsync()))
            : null;
}
