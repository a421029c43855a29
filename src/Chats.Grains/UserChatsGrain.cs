using Chats.Hosting;
using Chats.Storage;

namespace Chats;

/// <summary>
/// One user's chat list. A new chat is written at once (CreateChat waits for it); newer
/// last-message times are written behind, at most every <see cref="ChatGrainOptions.UserIndexWriteDelay"/>
/// and on deactivation, so a busy chat does not cost a storage write per message per member. A crash
/// can lose the last few seconds of those times; the chat's next message restores them.
/// </summary>
internal sealed partial class UserChatsGrain(
    [PersistentState("userChats", ChatsConstants.StorageName)] IPersistentState<UserChatsState> state,
    IOptions<ChatGrainOptions> options,
    ILogger<UserChatsGrain> logger) : Grain, IUserChatsGrain
{
    private bool _dirty;
    private IGrainTimer? _writeTimer;

    public async Task AddChatAsync(Chat chat, DateTimeOffset? lastMessageAt)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (state.State.Chats.TryGetValue(chat.Id, out var entry))
        {
            Touch(entry, lastMessageAt);
            return;
        }

        state.State.Chats[chat.Id] = new UserChatEntry { CreatedAt = chat.CreatedAt, LastMessageAt = lastMessageAt };
        try
        {
            await WriteAsync();
        }
        catch (GrainStateTooLargeException exception)
        {
            // The chat exists and works; it is only missing from this (documented as bounded) list.
            state.State.Chats.Remove(chat.Id);
            LogErrorListFull(exception, this.GetPrimaryKeyString(), state.State.Chats.Count);
        }
        catch
        {
            // Not written: forget it, so that the caller's retry writes it again.
            state.State.Chats.Remove(chat.Id);
            throw;
        }
    }

    public Task RecordActivityAsync(Chat chat, DateTimeOffset lastMessageAt)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (!state.State.Chats.TryGetValue(chat.Id, out var entry))
        {
            // The chat's creation did not reach this list (a failure half-way): add it now.
            return AddChatAsync(chat, lastMessageAt);
        }

        Touch(entry, lastMessageAt);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<UserChat>> ListAsync(UserChatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var limit = Math.Min(query.Limit, ChatLimits.MaxPageSize);
        var page = state.State.Chats
            .Select(pair => (ChatKey: pair.Key, pair.Value.LastMessageAt, LastActivityAt: pair.Value.LastMessageAt ?? pair.Value.CreatedAt))
            .Where(entry => query.Before is not { } before || entry.LastActivityAt < before)
            .OrderByDescending(entry => entry.LastActivityAt)
            .ThenBy(entry => entry.ChatKey, StringComparer.Ordinal)
            .Take(limit)
            .ToList();

        // The page's chats in parallel: one call each to an active chat, one storage read to a cold one.
        var chats = await Task.WhenAll(page.Select(entry => GrainFactory.GetGrain<IChatGrain>(entry.ChatKey).GetAsync()));
        return [.. page.Zip(chats)
            .Where(pair => pair.Second is not null)
            .Select(pair => new UserChat(pair.Second!, pair.First.LastMessageAt))];
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception exception)
            {
                LogWarningWriteFailed(exception, this.GetPrimaryKeyString());
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private void Touch(UserChatEntry entry, DateTimeOffset? lastMessageAt)
    {
        if (lastMessageAt is not { } at || entry.LastMessageAt >= at)
        {
            return;
        }

        entry.LastMessageAt = at;
        _dirty = true;
        _writeTimer ??= this.RegisterGrainTimer(WriteBehindAsync, options.Value.UserIndexWriteDelay, options.Value.UserIndexWriteDelay);
    }

    private async Task WriteBehindAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            // Nothing changed for a whole period: stop ticking until something does.
            _writeTimer?.Dispose();
            _writeTimer = null;
            return;
        }

        try
        {
            await WriteAsync();
        }
        catch (Exception exception)
        {
            // Still dirty: the next tick tries again.
            LogWarningWriteFailed(exception, this.GetPrimaryKeyString());
        }
    }

    private async Task WriteAsync()
    {
        _dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "User {UserId}: chat list full at {Count} chats (grain state size limit); a new chat is not listed")]
    private partial void LogErrorListFull(Exception exception, string userId, int count);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "User {UserId}: writing the chat list failed; will retry")]
    private partial void LogWarningWriteFailed(Exception exception, string userId);
}
