using Chats.Hosting;

namespace Chats.MemberSets;

/// <summary>
/// One activation per member set serializes concurrent CreateChat calls; the chat id is persisted
/// before the chat is created, so a retry after a crash finishes the same chat instead of a second one.
/// </summary>
internal sealed class MemberSetGrain(
    [PersistentState("memberSet", GrainStorageNames.Chats)] IPersistentState<MemberSetState> state) : Grain, IMemberSetGrain
{
    public Task<Chat> GetOrCreateChatAsync(IReadOnlyList<string> sortedUserIds)
    {
        ArgumentNullException.ThrowIfNull(sortedUserIds);
        return GetOrCreateChatAsync(new NewChat(sortedUserIds));
    }

    /// <summary>The set's chat; a name and metadata apply only when this call creates it.</summary>
    public async Task<Chat> GetOrCreateChatAsync(NewChat chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.IsGroup)
        {
            throw new ArgumentException("A member set owns a distinct chat, not a group.", nameof(chat));
        }

        if (state.State.ChatId is null)
        {
            state.State.ChatId = Guid.NewGuid().ToString();
            await state.WriteStateAsync();
        }

        // The chat lives in the member set's tenant.
        var chatKey = TenantKeys.ScopeLike(this.GetPrimaryKeyString(), state.State.ChatId);
        return await GrainFactory.GetGrain<IChatGrain>(chatKey).CreateAsync(chat);
    }
}
