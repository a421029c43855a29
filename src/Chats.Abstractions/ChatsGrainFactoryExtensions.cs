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

    /// <summary>Returns the grain of the chat with this id (which may not exist).</summary>
    public static IChatGrain GetChat(this IGrainFactory grains, string chatId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IChatGrain>(chatId);
    }
}
