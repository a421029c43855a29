namespace Chats;

/// <summary>Entry points for Orleans services that use the chat grains directly.</summary>
public static class ChatsGrainFactoryExtensions
{
    /// <summary>Returns the chat of these users (in any order, duplicates ignored), creating it on first use.</summary>
    /// <exception cref="ArgumentException">Fewer than two distinct non-empty user ids.</exception>
    public static Task<Chat> CreateChatAsync(this IGrainFactory grains, IEnumerable<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var members = MemberSet.From(userIds);
        if (members.UserIds.Count < 2)
        {
            throw new ArgumentException("A chat needs at least two distinct non-empty user ids.", nameof(userIds));
        }

        return grains.GetGrain<IMemberSetGrain>(members.GrainKey).GetOrCreateChatAsync(members.UserIds);
    }

    /// <summary>
    /// Creates a new group: <paramref name="ownerId"/> owns it, the other <paramref name="userIds"/> are
    /// members (one member is enough). Its members, roles and name then change through <see cref="IChatGrain"/>.
    /// </summary>
    /// <param name="tenant">The tenant the group belongs to (<see cref="TenantKeys.DefaultTenant"/>: none).</param>
    public static Task<Chat> CreateGroupAsync(
        this IGrainFactory grains, string ownerId, IEnumerable<string> userIds, string? name = null,
        IReadOnlyDictionary<string, string>? metadata = null, string tenant = TenantKeys.DefaultTenant)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(userIds);
        List<string> members = [ownerId, .. userIds.Where(id => !string.IsNullOrEmpty(id) && id != ownerId).Distinct(StringComparer.Ordinal)];
        var chatKey = TenantKeys.Scope(tenant, Guid.NewGuid().ToString());
        return grains.GetGrain<IChatGrain>(chatKey).CreateAsync(new NewChat(members, name, metadata, IsGroup: true, OwnerId: ownerId));
    }

    /// <summary>Returns the grain of the chat with this id (which may not exist).</summary>
    public static IChatGrain GetChat(this IGrainFactory grains, string chatId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IChatGrain>(chatId);
    }
}
