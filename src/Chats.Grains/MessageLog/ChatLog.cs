using Chats.Hosting;
using Chats.Members;

namespace Chats.MessageLog;

/// <summary>
/// One chat's message log, as its grain uses it: changes go through <see cref="GroupCommit"/>, reads
/// and chat-list summaries come from the in-memory <see cref="ChatLogView"/>.
/// </summary>
internal sealed class ChatLog
{
    private readonly ChatLogView _view;
    private readonly GroupCommit _commit;

    public ChatLog(string chatKey, IMessageLogStore store, Func<ChatRoster> fixedRoster, ChatsGrainOptions options, TimeProvider time, ILogger logger)
    {
        _view = new ChatLogView(chatKey, store, fixedRoster, options, logger);
        _commit = new GroupCommit(_view, store, options, time, logger);
    }

    /// <summary>Called with events just found durable, in seq order.</summary>
    public event Action<IReadOnlyList<ChatEvent>>? Stored
    {
        add => _view.Stored += value;
        remove => _view.Stored -= value;
    }

    /// <summary>Called when events were stored that this activation cannot publish: subscribers must re-read the log.</summary>
    public event Action? Gap
    {
        add => _view.Gap += value;
        remove => _view.Gap -= value;
    }

    /// <summary>Called with the attachments of messages just deleted: their files may go.</summary>
    public event Action<IReadOnlyList<MessageAttachment>>? Detached
    {
        add => _view.Detached += value;
        remove => _view.Detached -= value;
    }

    /// <summary>Awaited before each commit with the log's last seq; a failure fails the commit's changes.</summary>
    public Func<long, Task>? BeforeCommit
    {
        set => _commit.BeforeCommit = value;
    }

    /// <summary>Reads the log if this activation has not yet; a chat's first subscriber does this.</summary>
    public Task LoadIfNeededAsync() => _view.EnsureLoadedAsync();

    public Task<PostMessageResult> PostAsync(NewMessage request, IReadOnlyList<MessageAttachment>? attachments = null) => _commit.PostAsync(request, attachments);

    public Task<MessageChangeResult> UpdateAsync(MessageEdit edit) => _commit.EnqueueAsync(new PendingEdit(edit));

    public Task<MessageChangeResult> DeleteAsync(MessageDeletion deletion) => _commit.EnqueueAsync(new PendingDeletion(deletion));

    public Task<ReactionResult> ReactAsync(ReactionChange reaction, bool add) => _commit.EnqueueAsync(new PendingReaction(reaction, add));

    public Task<ReadResult> MarkReadAsync(string userId, DateTimeOffset readUpTo) => _commit.EnqueueAsync(new PendingRead(userId, readUpTo));

    /// <summary>The members, name and metadata as of the last durable change (load first).</summary>
    public ChatRoster Roster => _view.Roster;

    /// <summary>The seq of the newest stored event.</summary>
    public long LastSeq => _view.Header.LastSeq;

    /// <summary>Works out a change's outcome against the log as it is now (loaded), storing nothing.</summary>
    public void Preview(PendingRosterChange change) => _commit.Preview(change);

    /// <summary>Commits a change of members, roles, name or metadata; its outcome, and whom it added and removed, once durable.</summary>
    public async Task<TChange> ChangeRosterAsync<TChange>(TChange change)
        where TChange : PendingRosterChange
    {
        await _commit.EnqueueAsync(change);
        return change;
    }

    /// <summary>One page of history, newest first, as <paramref name="readerId"/> sees it (own reactions).</summary>
    public Task<IReadOnlyList<ChatMessage>> ReadPageAsync(DateTimeOffset? sentBefore, int limit, string? readerId = null) =>
        _view.ReadPageAsync(sentBefore, limit, readerId);

    /// <summary>Events after <paramref name="afterSeq"/>, oldest first, and the newest seq.</summary>
    public Task<EventPage> ReadEventsAsync(long afterSeq, int limit) => _view.ReadEventsAsync(afterSeq, limit);

    /// <summary>What <paramref name="userId"/>'s chat list shows of this chat now.</summary>
    public ChatListEntry SummaryFor(string userId) => _view.SummaryFor(userId);
}
