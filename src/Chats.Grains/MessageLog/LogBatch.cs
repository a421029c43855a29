using Chats.Members;

namespace Chats.MessageLog;

/// <summary>
/// Plans one group commit: works out each change's outcome in order, against the log as the earlier
/// changes of the batch leave it, and collects the rows to write and the events to emit (seq
/// consecutive from the header's). Every change is checked against the members as the earlier changes
/// leave them, so nothing is accepted from a member after their removal. Nothing here touches storage
/// or the log's in-memory state; the log applies a batch once it is durable. Member changes are planned
/// in <c>Members/LogBatch.Members.cs</c>, read markers in <c>LogBatch.Reads.cs</c>.
/// </summary>
internal sealed partial class LogBatch(string chatKey, DateTimeOffset now, LogHeader header, ChatRoster roster, MessageTail tail, bool tailIsComplete)
{
    private readonly Dictionary<string, StoredMessage> _changed = new(StringComparer.Ordinal);
    private readonly List<StoredMessage> _created = [];
    private System.Collections.Immutable.ImmutableDictionary<string, ReadState> _reads = header.Reads;
    private IReadOnlyList<long> _deleted = header.DeletedOrdinals;
    private long _lastSeq = header.LastSeq;
    private long _messageCount = header.MessageCount;
    private DateTimeOffset? _lastSentAt = header.LastSentAt;
    private ChatRoster _roster = roster;
    private bool _rosterChanged;

    /// <summary>Messages read from storage for this batch (null: no such message), by id.</summary>
    public Dictionary<string, StoredMessage?> Fetched { get; } = new(StringComparer.Ordinal);

    /// <summary>The newest message at or before a time, read from storage for this batch.</summary>
    public Dictionary<DateTimeOffset, StoredMessage?> FetchedReadPositions { get; } = [];

    public List<LogWrite> Writes { get; } = [];

    public List<ChatEvent> Events { get; } = [];

    /// <summary>Attachments of messages this batch deletes: their files go once it is stored.</summary>
    public List<MessageAttachment> Detached { get; } = [];

    /// <summary>New messages in order, as the batch leaves them.</summary>
    public IEnumerable<StoredMessage> Created => _created.Select(message => _changed[message.Id]);

    /// <summary>Messages that existed before the batch and were changed by it, as it leaves them.</summary>
    public IEnumerable<StoredMessage> ChangedBefore => _changed.Values.Where(message => !_created.Any(created => created.Id == message.Id));

    public LogHeader Header => new(_lastSentAt, _lastSeq, _messageCount, _deleted, _reads, _rosterChanged ? _roster : header.Roster)
    {
        BlocksFrom = header.BlocksFrom,
        HasRowsBeforeBlocks = header.HasRowsBeforeBlocks,
    };

    /// <summary>The members as the batch leaves them.</summary>
    public ChatRoster Roster => _roster;

    /// <summary>Whether the message with this id must be read from storage before planning.</summary>
    public bool NeedsFetch(string messageId) => !tailIsComplete && tail.IndexOf(messageId) < 0 && !Fetched.ContainsKey(messageId);

    /// <summary>Whether the newest message at or before <paramref name="at"/> must be read from storage.</summary>
    public bool NeedsReadPosition(DateTimeOffset at) =>
        !tailIsComplete && (tail.Count == 0 || at < tail[0].SentAt) && !FetchedReadPositions.ContainsKey(at);

    /// <summary>Plans one change as the <paramref name="owner"/>th of the batch: its outcome, rows and events.</summary>
    public void Plan(PendingChange change, int owner) => change.PlanIn(this, owner);

    internal void Plan(PendingMessage pending, int owner)
    {
        var request = pending.Request;
        if (!_roster.Contains(request.AuthorId))
        {
            pending.Outcome = PostMessageResult.NotAMember;
            return;
        }

        if (request.ReplyToId is { } replyTo && Find(replyTo) is null)
        {
            pending.Outcome = new PostMessageResult(PostMessageOutcome.ReplyToNotFound, null);
            return;
        }

        // Strictly increasing even if this silo's clock is behind the one that wrote last.
        var sentAt = _lastSentAt is { } last && now <= last ? last.AddTicks(1) : now;
        _lastSentAt = sentAt;
        var seq = ++_lastSeq;
        var message = new StoredMessage(request.Id ?? ServerMessageId.Create(seq), request.AuthorId, request.Text, sentAt,
            seq, ++_messageCount, ReplyToId: request.ReplyToId, Metadata: request.Metadata is { Count: > 0 } ? request.Metadata : null,
            Attachments: pending.Attachments);
        pending.Assigned = message;
        _created.Add(message);
        _changed[message.Id] = message;

        // The message's row is its message.new event: no event row of its own.
        Writes.Add(new LogWrite.NewMessage(owner, message, ClientSuppliedId: request.Id is not null));
        Events.Add(new ChatEvent(ChatEventType.MessageNew, message.Seq, chatKey, sentAt, message.AuthorId, message.ToMessage(chatKey)));

        // Posting marks the chat read up to the new message for its author (in the header, like every marker).
        _reads = _reads.SetItem(message.AuthorId, new ReadState(sentAt, message.Ordinal));
        pending.Outcome = new PostMessageResult(PostMessageOutcome.Created, message.ToMessage(chatKey));
    }

    internal void Plan(PendingEdit pending, int owner)
    {
        var edit = pending.Edit;
        if (!_roster.Contains(edit.UserId))
        {
            pending.Outcome = new MessageChangeResult(ChangeOutcome.NotAMember);
            return;
        }

        if (FindOwn(pending, edit.MessageId, edit.UserId, whenDeleted: ChangeOutcome.MessageDeleted) is not { } target)
        {
            return;
        }

        var text = edit.Text ?? target.Text;
        var metadata = edit.Metadata is null ? target.Metadata : edit.Metadata.Count > 0 ? edit.Metadata : null;
        if (text == target.Text && StoredMessage.SameMetadata(metadata, target.Metadata))
        {
            pending.Outcome = new MessageChangeResult(ChangeOutcome.Unchanged, target.ToMessage(chatKey, edit.UserId));
            return;
        }

        var updated = Change(owner, target with { Text = text, Metadata = metadata, EditedAt = now });
        Emit(owner, new ChatEvent(ChatEventType.MessageUpdated, ++_lastSeq, chatKey, now, edit.UserId, updated.ToMessage(chatKey)));
        pending.Outcome = new MessageChangeResult(ChangeOutcome.Changed, updated.ToMessage(chatKey, edit.UserId));
    }

    internal void Plan(PendingDeletion pending, int owner)
    {
        var deletion = pending.Deletion;
        if (deletion.UserId is { } user && !_roster.Contains(user))
        {
            pending.Outcome = new MessageChangeResult(ChangeOutcome.NotAMember);
            return;
        }

        if (FindOwn(pending, deletion.MessageId, deletion.UserId, whenDeleted: ChangeOutcome.Unchanged) is not { } target)
        {
            return;
        }

        // A tombstone keeps its place (and seq) in history, so pages stay exact.
        var tombstone = Change(owner, target with { Text = string.Empty, Metadata = null, Reactions = null, Attachments = null, DeletedAt = now });
        if (target.Attachments is { Count: > 0 } attachments)
        {
            Detached.AddRange(attachments);
        }

        if (target.Ordinal > 0)
        {
            // Copied on the batch's first deletion: the header's list stays as it is until the batch is stored.
            var deleted = _deleted as List<long> is { } own && !ReferenceEquals(own, header.DeletedOrdinals) ? own : [.. _deleted];
            var index = deleted.BinarySearch(target.Ordinal);
            deleted.Insert(index < 0 ? ~index : index, target.Ordinal);
            _deleted = deleted;
        }

        Emit(owner, new ChatEvent(ChatEventType.MessageDeleted, ++_lastSeq, chatKey, now, deletion.UserId ?? target.AuthorId, tombstone.ToMessage(chatKey)));
        pending.Outcome = new MessageChangeResult(ChangeOutcome.Changed, tombstone.ToMessage(chatKey, deletion.UserId));
    }

    internal void Plan(PendingReaction pending, int owner)
    {
        var change = pending.Reaction;
        if (!_roster.Contains(change.UserId))
        {
            pending.Outcome = new ReactionResult(ChangeOutcome.NotAMember);
            return;
        }

        if (Find(change.MessageId) is not { } target)
        {
            pending.Outcome = new ReactionResult(ChangeOutcome.MessageNotFound);
            return;
        }

        var existing = target.FindReaction(change.UserId, change.Type);
        if (pending.Add)
        {
            if (existing is not null)
            {
                pending.Outcome = new ReactionResult(ChangeOutcome.Unchanged, existing.ToReaction(target.Id));
                return;
            }

            if (target.IsDeleted)
            {
                pending.Outcome = new ReactionResult(ChangeOutcome.MessageDeleted);
                return;
            }

            var added = new StoredReaction(change.UserId, change.Type, now);
            List<StoredReaction> reactions = [.. target.Reactions ?? [], added];
            var isNewType = target.Reactions?.All(reaction => reaction.Type != change.Type) ?? true;
            if ((isNewType && target.ReactionTypeCount >= ChatLimits.MaxReactionTypesPerMessage)
                || TableStorage.MessageEntities.ReactionBytes(reactions) > ChatLimits.MaxReactionBytes)
            {
                pending.Outcome = new ReactionResult(ChangeOutcome.TooManyReactions);
                return;
            }

            var updated = Change(owner, target with { Reactions = reactions });
            Emit(owner, new ChatEvent(ChatEventType.ReactionNew, ++_lastSeq, chatKey, now, change.UserId, updated.ToMessage(chatKey), added.ToReaction(target.Id)));
            pending.Outcome = new ReactionResult(ChangeOutcome.Changed, added.ToReaction(target.Id));
            return;
        }

        if (existing is null)
        {
            pending.Outcome = new ReactionResult(ChangeOutcome.Unchanged);
            return;
        }

        List<StoredReaction> remaining = [.. target.Reactions!.Where(reaction => !ReferenceEquals(reaction, existing))];
        var removed = Change(owner, target with { Reactions = remaining.Count > 0 ? remaining : null });
        Emit(owner, new ChatEvent(ChatEventType.ReactionDeleted, ++_lastSeq, chatKey, now, change.UserId, removed.ToMessage(chatKey), existing.ToReaction(target.Id)));
        pending.Outcome = new ReactionResult(ChangeOutcome.Changed, existing.ToReaction(target.Id));
    }

    private StoredMessage? Find(string messageId)
    {
        if (_changed.TryGetValue(messageId, out var changed))
        {
            return changed;
        }

        return tail.Find(messageId) ?? Fetched.GetValueOrDefault(messageId);
    }

    // The live message a change targets; null, with the change's outcome set, when there is none, it
    // is not the named user's, or it is deleted (answered with `whenDeleted` and the tombstone).
    private StoredMessage? FindOwn(PendingChange<MessageChangeResult> pending, string messageId, string? userId, ChangeOutcome whenDeleted)
    {
        var target = Find(messageId);
        pending.Outcome = target is null ? new MessageChangeResult(ChangeOutcome.MessageNotFound)
            : userId is not null && target.AuthorId != userId ? new MessageChangeResult(ChangeOutcome.NotAuthor)
            : target.IsDeleted ? new MessageChangeResult(whenDeleted, target.ToMessage(chatKey, userId))
            : null;
        return pending.Outcome is null ? target : null;
    }

    private StoredMessage Change(int owner, StoredMessage message)
    {
        _changed[message.Id] = message;
        Writes.Add(_created.Any(created => created.Id == message.Id)
            ? new LogWrite.NewMessage(owner, message, ClientSuppliedId: false)
            : new LogWrite.ChangedMessage(owner, message));
        return message;
    }

    private void Emit(int owner, ChatEvent chatEvent)
    {
        Events.Add(chatEvent);
        Writes.Add(new LogWrite.Event(owner, chatEvent));
    }
}
