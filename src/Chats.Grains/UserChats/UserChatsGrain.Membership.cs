namespace Chats.UserChats;

/// <summary>A group's member changes in the user's list: rows marked before, settled after, and checked on read when left unsettled.</summary>
internal sealed partial class UserChatsGrain
{
    public async Task PrepareMembershipAsync(Chat chat, bool joining)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (_chats.TryGetValue(chat.Id, out var row))
        {
            if (!row.Unsettled)
            {
                await store.SaveAsync(UserKey, [row with { Unsettled = true }]);
                _chats[chat.Id] = _chats[chat.Id] with { Unsettled = true };
            }
        }
        else if (joining)
        {
            await AddPendingJoinAsync(UserChatRow.From(chat, entry: null, unsettled: true));
        }
    }

    public async Task SettleMembershipAsync(Chat chat, ChatListEntry? entry, long seq)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (entry is null)
        {
            _droppedAtSeq[chat.Id] = Math.Max(seq, _droppedAtSeq.GetValueOrDefault(chat.Id));
            if (_chats.Remove(chat.Id, out var removed))
            {
                _dirty.Remove(chat.Id);
                _dropped.Remove(chat.Id);
                await store.DeleteAsync(UserKey, [chat.Id]);
                AnnounceRemoved(chat.Id, removed.Entry?.LastSeq ?? 0, seq);
            }

            return;
        }

        if (_droppedAtSeq.TryGetValue(chat.Id, out var droppedAt) && droppedAt > seq)
        {
            return;
        }

        if (!_chats.ContainsKey(chat.Id))
        {
            await AddRowAsync(UserChatRow.From(chat, entry));
            AnnounceAdded(chat.Id, fromSeq: seq - 1);
            return;
        }

        // Settled in memory and written behind: until then the stored row stays unsettled, which is safe.
        _chats[chat.Id] = _chats[chat.Id] with { Unsettled = false };
        var joined = _pendingJoins.Contains(chat.Id);
        Touch(chat.Id, entry, chat);
        MarkDirty(chat.Id);
        if (joined)
        {
            AnnounceAdded(chat.Id, fromSeq: seq - 1);
        }
    }

    // A row whose chat may have added or dropped this user while a member change was under way (or
    // a crash cut it short) is checked with the chat: listed with its view, or dropped.
    private async Task SettleFromChatsAsync()
    {
        var unsettled = _chats.Values.Where(row => row.Unsettled).Select(row => row.ChatKey).ToList();
        if (unsettled.Count == 0)
        {
            return;
        }

        var userId = TenantKeys.Unscope(UserKey);
        var found = await Task.WhenAll(unsettled.Select(async chatKey =>
        {
            var chat = GrainFactory.GetGrain<IChatGrain>(chatKey);
            var entry = await chat.GetListEntryAsync(userId);
            return (chatKey, entry, chat: entry is null ? null : await chat.GetAsync());
        }));
        foreach (var (chatKey, entry, chat) in found)
        {
            if (!_chats.TryGetValue(chatKey, out var row) || !row.Unsettled)
            {
                continue;
            }

            if (entry is null || chat is null)
            {
                _chats.Remove(chatKey);
                _dirty.Remove(chatKey);
                _dropped.Add(chatKey);
                EnsureWriteTimer();
                AnnounceRemoved(chatKey, row.Entry?.LastSeq ?? 0, row.Entry?.LastSeq ?? 0);
                continue;
            }

            var joined = _pendingJoins.Contains(chatKey);
            _chats[chatKey] = row.With(chat) with { Unsettled = false };
            MarkDirty(chatKey);
            Touch(chatKey, entry, chat);
            if (joined)
            {
                // From the join, as the settle call would have said: a connection that followed the chat
                // before the user's removal must not get its events before the join again.
                AnnounceAdded(chatKey, fromSeq: Math.Max(0, entry.JoinedSeq - 1));
            }
        }
    }
}
