using Chats.UserChats;

namespace Chats.Upgrade;

/// <summary>
/// Chat-list rows written by earlier releases lack what later ones keep: the chat's members (rows
/// from before 2026-11-26) and the user's view of the chat that chats now push (rows from before the
/// event sequence, 2f5b6f5). Read by <see cref="UserChatsGrain.ListAsync"/> when it lists such a row:
/// each is completed once from its chat and written back. Delete once no store holds such rows.
/// </summary>
internal static class EarlierChatListRows
{
    /// <summary>
    /// The chats of a page of rows: from the row itself when it has its members, else from the chat,
    /// then <paramref name="completed"/> with the chat and view found (null: not looked up).
    /// </summary>
    public static async Task<Chat?[]> CompleteAsync(
        IGrainFactory grains, IReadOnlyList<UserChatRow> page, string? userId, Action<int, Chat?, ChatListEntry?> completed)
    {
        // One call to an active chat, one storage read to a cold one, for each old row.
        var chats = await Task.WhenAll(page.Select(row => row.ToChat() is { } chat
            ? Task.FromResult<Chat?>(chat)
            : grains.GetGrain<IChatGrain>(row.ChatKey).GetAsync()));
        var views = await Task.WhenAll(page.Select(row => row.Entry is null && userId is not null
            ? grains.GetGrain<IChatGrain>(row.ChatKey).GetListEntryAsync(userId)
            : Task.FromResult(row.Entry)));
        for (var i = 0; i < page.Count; i++)
        {
            var chat = page[i].UserIds is null ? chats[i] : null;
            var view = page[i].Entry is null ? views[i] : null;
            if (chat is not null || view is not null)
            {
                completed(i, chat, view);
            }
        }

        return chats;
    }
}
