using Chats.Members;

namespace Chats;

/// <summary>Creating a chat: its state and, for groups and named chats, its roster, then the members' chat lists.</summary>
internal sealed partial class ChatGrain
{
    public Task<Chat> InitializeAsync(IReadOnlyList<string> sortedUserIds)
    {
        ArgumentNullException.ThrowIfNull(sortedUserIds);
        return CreateAsync(new NewChat(sortedUserIds));
    }

    public async Task<Chat> CreateAsync(NewChat chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (!state.RecordExists)
        {
            // Concurrent first calls share one write instead of racing on the ETag.
            _initializing ??= CreateChatAsync(chat);
            try
            {
                await _initializing;
            }
            catch
            {
                _initializing = null;
                throw;
            }
        }

        // Every create makes sure the members list the chat, so a retry after a partial failure repairs it.
        await Log.LoadIfNeededAsync();
        if (_listing is null || _listing.IsFaulted || _listing.IsCanceled)
        {
            _listing = Activity.AddToListsAsync(ToChat(), Log.Roster.MemberIds, Log.SummaryFor);
        }

        await _listing;
        return ToChat();
    }

    private async Task CreateChatAsync(NewChat chat)
    {
        var count = chat.UserIds.Count;
        if (count < (chat.IsGroup ? 1 : 2) || count > ChatLimits.MaxMembers || (chat.IsGroup && !chat.UserIds.Contains(chat.OwnerId ?? string.Empty)))
        {
            throw new ArgumentException($"Chat {this.GetPrimaryKeyString()} needs {(chat.IsGroup ? "1" : "2")} to {ChatLimits.MaxMembers} members (a group its owner among them).", nameof(chat));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(chat.Name?.Length ?? 0, ChatLimits.MaxNameLength);

        // The log's account, before the log is first used; chosen from the key, so a retry chooses it again.
        state.State.LogAccount ??= accounts.Choose(this.GetPrimaryKeyString());

        // The roster first: a chat state without its group's roster would be a group without members.
        // The chat is as old as its founders' membership (an earlier attempt's roster may be older).
        var createdAt = time.GetUtcNow();
        if (chat.IsGroup || chat.Name is { Length: > 0 } || chat.Metadata is { Count: > 0 })
        {
            await Log.ChangeRosterAsync(new PendingCreation(chat));
            createdAt = Log.Roster.Members.Values.Select(member => member.JoinedAt).DefaultIfEmpty(createdAt).Min();
        }

        state.State.UserIds = chat.IsGroup ? [] : [.. chat.UserIds];
        state.State.CreatedAt = createdAt;
        state.State.IsGroup = chat.IsGroup;
        _fixedRoster = null;
        await state.WriteStateAsync();
    }
}
