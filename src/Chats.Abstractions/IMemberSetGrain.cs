namespace Chats;

/// <summary>
/// Owns the one chat of a set of users, so identical CreateChat calls on any silo yield one chat.
/// Keyed by <see cref="MemberSet.GrainKey"/> (scoped by <see cref="TenantKeys"/> outside the default tenant).
/// </summary>
[Alias("chats.IMemberSetGrain")]
public interface IMemberSetGrain : IGrainWithStringKey
{
    /// <summary>Returns the chat of this member set, creating it on first use.</summary>
    [Alias("GetOrCreateChatAsync")]
    Task<Chat> GetOrCreateChatAsync(IReadOnlyList<string> sortedUserIds);

    /// <summary>Returns the chat of this member set, creating it on first use with the name and metadata of <paramref name="chat"/>.</summary>
    [Alias("GetOrCreateNamedChatAsync")]
    Task<Chat> GetOrCreateChatAsync(NewChat chat);
}
