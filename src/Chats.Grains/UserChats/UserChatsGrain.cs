using Chats.Diagnostics;
using Chats.Hosting;
using Chats.Upgrade;

namespace Chats.UserChats;

/// <summary>
/// One user's chat list, one stored row per chat (<see cref="IUserChatListStore"/>), so a list has no
/// size limit of its own. A new chat's row is written at once (CreateChat waits for it); what the chats
/// push later (newest message, unread count, read markers) is written behind, at most every
/// <see cref="ChatsGrainOptions.ChatListWriteDelay"/> and on deactivation, so a busy chat does not cost
/// a storage write per change per member. A crash can lose that much of those views; the chat's next
/// change restores them (the read markers and messages themselves are durable in the chat). A group's
/// member changes add and drop rows in two steps (<see cref="PrepareMembershipAsync"/>, then
/// <see cref="SettleMembershipAsync"/>); a row left unsettled is checked with its chat before it is listed.
/// </summary>
internal sealed partial class UserChatsGrain(
    IUserChatListStore store,
    IOptions<ChatsGrainOptions> options,
    ILogger<UserChatsGrain> logger) : Grain, IUserChatsGrain
{
    private readonly Dictionary<string, UserChatRow> _chats = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);

    // The seq at which a group's member change dropped a chat: older activity does not bring it back.
    private readonly Dictionary<string, long> _droppedAtSeq = new(StringComparer.Ordinal);
    private IGrainTimer? _writeTimer;

    private string UserKey => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var row in await store.LoadAsync(UserKey))
        {
            _chats[row.ChatKey] = row;
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task AddChatAsync(Chat chat, ChatListEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (_chats.ContainsKey(chat.Id))
        {
            Touch(chat.Id, entry, chat);
            return;
        }

        await AddRowAsync(UserChatRow.From(chat, entry));
        AnnounceAdded(chat.Id, fromSeq: 0);
    }

    public Task RecordActivityAsync(Chat chat, ChatListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(entry);
        if (!_chats.ContainsKey(chat.Id))
        {
            if (_droppedAtSeq.TryGetValue(chat.Id, out var droppedAt) && droppedAt >= entry.LastSeq)
            {
                return Task.CompletedTask;
            }

            // The chat's creation did not reach this list (a failure half-way): add it now. A group's
            // row is added unsettled, so a member change racing with this activity is checked on read
            // (and connections hear of it only then: it may be a removed member's stale round).
            return chat.IsGroup ? AddPendingJoinAsync(UserChatRow.From(chat, entry, unsettled: true)) : AddAnnouncedAsync(UserChatRow.From(chat, entry));
        }

        Touch(chat.Id, entry, chat);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<UserChat>> ListAsync(UserChatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var limit = Math.Min(query.Limit, ChatLimits.MaxPageSize);
        await SettleFromChatsAsync();
        var page = _chats.Values
            .Where(row => query.Before is not { } before || row.LastActivityAt < before)
            .OrderByDescending(row => row.LastActivityAt)
            .ThenBy(row => row.ChatKey, StringComparer.Ordinal)
            .Take(limit)
            .ToList();

        // A row knows its chat's members (or a group's first few), name and the user's view, so listing
        // calls no chat; a row from an earlier release asks its chat once.
        var chats = await EarlierChatListRows.CompleteAsync(GrainFactory, page, query.UserId, (i, chat, view) =>
        {
            if (chat is not null)
            {
                _chats[page[i].ChatKey] = _chats[page[i].ChatKey].With(chat);
                MarkDirty(page[i].ChatKey);
            }

            Touch(page[i].ChatKey, view, chat: null);
            page[i] = _chats[page[i].ChatKey];
        });

        return [.. page.Zip(chats)
            .Where(pair => pair.Second is not null)
            .Select(pair => new UserChat(pair.Second!, pair.First.LastMessageAt, pair.First.Entry))];
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await WriteDirtyAsync();
        }
        catch (Exception exception)
        {
            LogWarningWriteFailed(exception, UserKey);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    // Listed only once stored: a failure leaves nothing behind, and the caller's retry adds it again.
    private async Task AddRowAsync(UserChatRow row)
    {
        await store.SaveAsync(UserKey, [row]);
        _chats[row.ChatKey] = row;
        _dropped.Remove(row.ChatKey);
    }

    private async Task AddAnnouncedAsync(UserChatRow row)
    {
        await AddRowAsync(row);
        AnnounceAdded(row.ChatKey, fromSeq: 0);
    }

    private async Task AddPendingJoinAsync(UserChatRow row)
    {
        await AddRowAsync(row);
        _pendingJoins.Add(row.ChatKey);
    }

    // A newer view (by the chat's seq) replaces the row's, with what the chat says of itself then; the
    // last-message time only moves forward.
    private void Touch(string chatKey, ChatListEntry? entry, Chat? chat)
    {
        var row = _chats[chatKey];
        if (entry is null || (row.Entry is { } current && current.LastSeq >= entry.LastSeq))
        {
            return;
        }

        var lastMessageAt = entry.LastMessage?.SentAt is { } at && !(row.LastMessageAt >= at) ? at : row.LastMessageAt;
        var fromSeq = row.Entry?.LastSeq ?? 0;
        row = row with { LastMessageAt = lastMessageAt, Entry = entry };
        _chats[chatKey] = chat is null ? row : row.With(chat);
        MarkDirty(chatKey);
        AnnounceUpdated(chatKey, fromSeq);
    }

    private void MarkDirty(string chatKey)
    {
        _dirty.Add(chatKey);
        EnsureWriteTimer();
    }

    private void EnsureWriteTimer() =>
        _writeTimer ??= this.RegisterGrainTimer(WriteBehindAsync, options.Value.ChatListWriteDelay, options.Value.ChatListWriteDelay);

    private async Task WriteBehindAsync(CancellationToken cancellationToken)
    {
        if (_dirty.Count == 0 && _dropped.Count == 0)
        {
            // Nothing changed for a whole period: stop ticking until something does.
            _writeTimer?.Dispose();
            _writeTimer = null;
            return;
        }

        try
        {
            await WriteDirtyAsync();
        }
        catch (Exception exception)
        {
            // Still dirty: the next tick tries again.
            LogWarningWriteFailed(exception, UserKey);
        }
    }

    private async Task WriteDirtyAsync()
    {
        if (_dropped.Count > 0)
        {
            var dropped = _dropped.ToList();
            _dropped.Clear();
            try
            {
                await store.DeleteAsync(UserKey, dropped);
            }
            catch
            {
                _dropped.UnionWith(dropped.Where(chatKey => !_chats.ContainsKey(chatKey)));
                throw;
            }
        }

        if (_dirty.Count == 0)
        {
            return;
        }

        // Taken out before the write: times recorded meanwhile mark their rows dirty again.
        var rows = _dirty.Select(chatKey => _chats[chatKey]).ToList();
        _dirty.Clear();
        try
        {
            await store.SaveAsync(UserKey, rows);
        }
        catch
        {
            _dirty.UnionWith(rows.Select(row => row.ChatKey));
            throw;
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.ChatListWriteFailed, Level = LogLevel.Warning, Message = "User {UserId}: writing the chat list failed; will retry")]
    private partial void LogWarningWriteFailed(Exception exception, string userId);
}
