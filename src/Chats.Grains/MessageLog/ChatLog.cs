using Chats.Concurrency;
using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.MessageLog;

/// <summary>
/// The in-memory side of one chat's log: a bounded tail of the newest durable messages, the members'
/// read markers, the header's counters, and group commit — changes (messages, edits, deletions,
/// reactions, read markers) that arrive while a transaction is in flight are gathered into the next
/// one, planned in order by <see cref="LogBatch"/>. Every event that becomes durable is handed to
/// <see cref="Stored"/> exactly once, in seq order. Runs on its grain's scheduler, so its fields need no locks.
/// </summary>
internal sealed partial class ChatLog(string chatId, IMessageLogStore store, ChatsGrainOptions options, TimeProvider time, ILogger logger)
{
    // A transaction carries at most 100 entities (the header is one) and a 4 MiB body. Batches stop
    // at 3 MiB of estimated size: the estimate leaves out the multipart framing and headers of each
    // operation in the body, so a batch is cut well before the service's limit.
    private const int MaxTransactionEntities = 100;
    private const int MaxTransactionBytes = 3 * 1024 * 1024;
    private const int MaxStaleRetries = 3;

    // Events that landed behind this activation's back are published from storage up to this many;
    // beyond it subscribers are told to re-read instead.
    private const int MaxLandedEvents = 1000;

    private readonly MessageTail _tail = new(options.TailSize);
    private ReadMarkers _reads = ReadMarkers.Empty;
    private readonly Queue<PendingChange> _queue = new();
    private readonly Dictionary<string, PendingMessage> _pendingById = new(StringComparer.Ordinal);
    private readonly int _maxBatchSize = Math.Clamp(options.MaxBatchSize, 1, MaxTransactionEntities - 1);
    private Task? _loading;
    private bool _tailIsComplete;
    private string? _headerEtag;
    private LogHeader _header = LogHeader.Empty;
    private SingleFlight? _flush;
    private long? _lastPublishedSeq;

    // The newest message as chat lists show it, built once per change rather than once per member.
    private ChatMessage? _lastMessage;

    /// <summary>Called with events just found durable, in seq order.</summary>
    public event Action<IReadOnlyList<ChatEvent>>? Stored;

    /// <summary>
    /// Called when events were stored that this activation cannot hand to <see cref="Stored"/> (too many
    /// landed behind its back): subscribers must re-read the log.
    /// </summary>
    public event Action? Gap;

    /// <summary>When the newest durable message was sent; null before the log is loaded or when it is empty.</summary>
    public DateTimeOffset? LastSentAt => _header.LastSentAt;

    /// <summary>Reads the log if this activation has not yet; a chat's first subscriber does this.</summary>
    public Task LoadIfNeededAsync() => EnsureLoadedAsync();

    public async Task<PostMessageResult> AppendAsync(NewMessage request)
    {
        await EnsureLoadedAsync();
        if (request.Id is { } id)
        {
            if (_tail.Find(id) is { } stored)
            {
                return new PostMessageResult(PostMessageOutcome.Duplicate, stored.ToMessage(chatId));
            }

            if (_pendingById.TryGetValue(id, out var inFlight))
            {
                var first = await inFlight.Completion.Task;
                return first.Outcome == PostMessageOutcome.Created ? first with { Outcome = PostMessageOutcome.Duplicate } : first;
            }
        }

        var pending = new PendingMessage(request);
        if (request.Id is not null)
        {
            _pendingById[request.Id] = pending;
        }

        return await EnqueueAsync(pending);
    }

    public Task<MessageChangeResult> UpdateAsync(MessageEdit edit) => EnqueueAsync(new PendingEdit(edit));

    public Task<MessageChangeResult> DeleteAsync(MessageDeletion deletion) => EnqueueAsync(new PendingDeletion(deletion));

    public Task<ReactionResult> ReactAsync(ReactionChange reaction, bool add) => EnqueueAsync(new PendingReaction(reaction, add));

    public Task<ReadResult> MarkReadAsync(string userId, DateTimeOffset readUpTo) => EnqueueAsync(new PendingRead(userId, readUpTo));

    /// <summary>One page of history, newest first, as <paramref name="readerId"/> sees it (own reactions).</summary>
    public async Task<IReadOnlyList<ChatMessage>> ReadPageAsync(DateTimeOffset? sentBefore, int limit, string? readerId = null)
    {
        await EnsureLoadedAsync();
        var end = sentBefore is { } before ? _tail.CountSentBefore(before) : _tail.Count;
        if (end >= limit || _tailIsComplete)
        {
            var page = new List<ChatMessage>(Math.Min(end, limit));
            for (var i = end - 1; i >= 0 && page.Count < limit; i--)
            {
                page.Add(_tail.Read(i, chatId, readerId));
            }

            return page;
        }

        // The tail's part of the page, then older ones from storage, continuing from the tail's
        // oldest row, or from the newest message before sent_before when the tail does not reach it.
        var fromTail = new List<ChatMessage>(limit);
        for (var i = end - 1; i >= 0; i--)
        {
            fromTail.Add(_tail.Read(i, chatId, readerId));
        }

        string? olderThanRowKey;
        if (end > 0 || sentBefore is null)
        {
            olderThanRowKey = _tail.Count > 0 ? MessageLogEntities.MessageRowKey(_tail[0]) : null;
        }
        else
        {
            var maxSeq = _tail.Count > 0 ? Math.Max(0, _tail[0].Seq - 1) : _header.LastSeq;
            if (await store.FindNewestSentBeforeAsync(chatId, sentBefore.Value, maxSeq) is not { } newest)
            {
                return fromTail;
            }

            fromTail.Add(newest.ToMessage(chatId, readerId));
            olderThanRowKey = MessageLogEntities.MessageRowKey(newest);
        }

        if (fromTail.Count >= limit)
        {
            return fromTail;
        }

        var stored = await store.ReadPageAsync(chatId, olderThanRowKey, limit - fromTail.Count);
        fromTail.AddRange(stored.Select(message => message.ToMessage(chatId, readerId)));
        return fromTail;
    }

    /// <summary>Events after <paramref name="afterSeq"/>, oldest first, and the newest seq.</summary>
    public async Task<EventPage> ReadEventsAsync(long afterSeq, int limit)
    {
        await EnsureLoadedAsync();
        if (afterSeq >= _header.LastSeq)
        {
            return new EventPage(true, [], _header.LastSeq);
        }

        // Only up to the last seq this activation knows durable: a commit in flight is not read half.
        var lastSeq = _header.LastSeq;
        var events = await store.ReadEventsAsync(chatId, afterSeq, Math.Min(lastSeq, afterSeq + limit));
        return new EventPage(true, events, lastSeq);
    }

    /// <summary>What <paramref name="userId"/>'s chat list shows of this chat now.</summary>
    public ChatListEntry SummaryFor(string userId)
    {
        var last = _lastMessage ??= _tail.Count > 0 ? _tail[_tail.Count - 1].ToMessage(chatId) : null;
        var read = _reads.Get(userId);
        var unread = last is null ? 0 : UnreadAfter(read?.Ordinal ?? 0);
        return new ChatListEntry(_header.LastSeq, last, unread, read?.LastReadAt, _reads.FurthestOtherThan(userId));
    }

    // Every message after the marker's is another member's (posting moves the author's marker), so
    // the unread ones are those after it less the deleted ones.
    private int UnreadAfter(long ordinal)
    {
        var deleted = _header.DeletedOrdinals;
        int low = 0, high = deleted.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (deleted[middle] <= ordinal)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var unread = _header.MessageCount - ordinal - (deleted.Count - low);
        return (int)Math.Clamp(unread, 0, ChatLimits.MaxUnreadCount);
    }

    private async Task<TResult> EnqueueAsync<TResult>(PendingChange<TResult> change)
    {
        await EnsureLoadedAsync();
        _queue.Enqueue(change);
        (_flush ??= new SingleFlight(FlushAsync)).Trigger();
        return await change.Completion.Task;
    }

    private Task EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
        {
            _loading = LoadAsync();
        }

        return _loading;
    }

    // After a stale or unknown-outcome write the in-memory view may be wrong: read it again.
    private void Invalidate() => _loading = null;

    private async Task LoadAsync()
    {
        var snapshot = await store.LoadAsync(chatId, options.TailSize);
        _headerEtag = snapshot.HeaderEtag;
        _header = snapshot.Header;
        _tail.Clear();
        foreach (var message in snapshot.Tail)
        {
            _tail.Add(message);
        }

        _lastMessage = null;
        _reads = new ReadMarkers(_header.Reads);

        _tailIsComplete = snapshot.Tail.Count < options.TailSize;
        LogDebugLoaded(chatId, _tail.Count, _tailIsComplete);
        await PublishLandedOnReloadAsync();
    }

    // A reload can show events this activation never saw stored: its own writes whose outcome was
    // unknown, or another writer's. Publish them, or report a gap when there are too many.
    private async Task PublishLandedOnReloadAsync()
    {
        if (_lastPublishedSeq is not { } published)
        {
            _lastPublishedSeq = _header.LastSeq;
            return;
        }

        var missing = _header.LastSeq - published;
        if (missing <= 0)
        {
            return;
        }

        var landed = missing <= MaxLandedEvents ? await store.ReadEventsAsync(chatId, published, _header.LastSeq) : [];
        if (landed.Count != missing)
        {
            _lastPublishedSeq = _header.LastSeq;
            Gap?.Invoke();
            return;
        }

        Publish(landed);
    }

    private void Publish(IReadOnlyList<ChatEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        _lastPublishedSeq = events[^1].Seq;
        Stored?.Invoke(events);
    }

    private void AddToTail(StoredMessage message)
    {
        if (_tail.Add(message))
        {
            _tailIsComplete = false;
        }
    }

    private async Task FlushAsync()
    {
        while (_queue.Count > 0)
        {
            await CommitAsync(TakeBatch());
        }
    }

    private List<PendingChange> TakeBatch()
    {
        var batch = new List<PendingChange>(Math.Min(_queue.Count, _maxBatchSize));
        var bytes = 0;
        var entities = 1;
        while (_queue.TryPeek(out var next) && batch.Count < _maxBatchSize
               && entities + next.EntityCount <= MaxTransactionEntities
               && (batch.Count == 0 || bytes + next.EstimatedSize <= MaxTransactionBytes))
        {
            bytes += next.EstimatedSize;
            entities += next.EntityCount;
            batch.Add(_queue.Dequeue());
        }

        return batch;
    }

    // Completes every change of the batch: stored, found to be a repeat, refused, or failed. Never throws.
    private async Task CommitAsync(List<PendingChange> batch)
    {
        var staleAttempts = 0;
        try
        {
            while (batch.Count > 0)
            {
                await EnsureLoadedAsync();
                batch = await RemoveDuplicatesAsync(batch);
                if (batch.Count == 0)
                {
                    return;
                }

                var plan = await PlanAsync(batch);
                if (plan.Writes.Count == 0)
                {
                    CompleteAll(batch);
                    return;
                }

                var result = await store.CommitAsync(chatId, _headerEtag, plan.Header, plan.Writes);
                switch (result.Status)
                {
                    case AppendStatus.Stored:
                        Apply(plan, result.HeaderEtag);
                        CompleteAll(batch);
                        LogDebugCommitted(chatId, batch.Count);
                        return;
                    case AppendStatus.DuplicateClientId:
                        await CompleteDuplicateAsync(batch, result.DuplicateIndex);
                        break;
                    default:
                        ReloadAfterStale(++staleAttempts);
                        break;
                }
            }
        }
        catch (Exception exception)
        {
            FailAll(batch, exception);
        }
    }

    // Reads what the batch needs that is not in memory (old messages it changes or replies to, the
    // position of an old read marker), then plans it.
    private async Task<LogBatch> PlanAsync(List<PendingChange> batch)
    {
        var plan = new LogBatch(chatId, time.GetUtcNow(), _header, _tail, _tailIsComplete);
        foreach (var change in batch)
        {
            if (change.TargetId is { } target && plan.NeedsFetch(target))
            {
                plan.Fetched[target] = await FindStoredAsync(target);
            }

            if (change is PendingRead read && _header.LastSentAt is { } last)
            {
                var upTo = read.ReadUpTo < last ? read.ReadUpTo : last;
                if (plan.NeedsReadPosition(upTo))
                {
                    plan.FetchedReadPositions[upTo] = await store.FindNewestSentBeforeAsync(chatId, upTo.AddTicks(1), _header.LastSeq);
                }
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            plan.Plan(batch[i], i);
        }

        return plan;
    }

    // A message older than the tail: a server id says where it is stored; a client id has its record.
    private async Task<StoredMessage?> FindStoredAsync(string messageId) =>
        await FindByServerIdAsync(messageId)
        ?? (await store.FindByClientIdAsync(chatId, messageId) is { } record ? await FindCurrentAsync(record) : null);

    // A server-assigned id carries the message's seq (or, from before events, its sent_at): one point read.
    private async Task<StoredMessage?> FindByServerIdAsync(string messageId)
    {
        if (ServerMessageId.TryGetSeq(messageId, out var seq) && seq <= _header.LastSeq
            && await store.FindBySeqAsync(chatId, seq) is { } bySeq && bySeq.Id == messageId)
        {
            return bySeq;
        }

        if (ServerMessageId.TryGetSentAt(messageId, out var sentAt) && _header.LastSentAt is { } last && sentAt <= last
            && await store.FindLegacyBySentAtAsync(chatId, sentAt) is { } legacy && legacy.Id == messageId)
        {
            return legacy;
        }

        return null;
    }

    // The message an idempotency record copies, as it now is.
    private Task<StoredMessage?> FindCurrentAsync(StoredMessage record) =>
        record.Seq > 0 ? store.FindBySeqAsync(chatId, record.Seq) : store.FindLegacyBySentAtAsync(chatId, record.SentAt);

    private void Apply(LogBatch plan, string? headerEtag)
    {
        _headerEtag = headerEtag;
        _header = plan.Header;
        _lastMessage = null;
        var created = 0;
        foreach (var message in plan.Created)
        {
            AddToTail(message);
            created++;
        }

        foreach (var message in plan.ChangedBefore)
        {
            var index = _tail.IndexOf(message.Id);
            if (index >= 0)
            {
                _tail.Replace(index, message);
            }
        }

        _reads = new ReadMarkers(_header.Reads);

        if (created > 0)
        {
            ChatsMetrics.RecordCommittedBatch(created);
        }

        foreach (var chatEvent in plan.Events)
        {
            ChatsMetrics.RecordEvent(chatEvent.Type);
        }

        Publish(plan.Events);
    }

    private void CompleteAll(List<PendingChange> batch)
    {
        foreach (var change in batch)
        {
            Forget(change);
            change.Complete();
        }
    }

    // The message at duplicateIndex reuses a client id already in storage: answer it with the stored
    // message, or, when that cannot be found (the view was stale), send it round again after a reload.
    private async Task CompleteDuplicateAsync(List<PendingChange> batch, int duplicateIndex)
    {
        var duplicate = (PendingMessage)batch[duplicateIndex];
        batch.RemoveAt(duplicateIndex);
        var original = await FindStoredAsync(duplicate.Request.Id!);
        if (original is null)
        {
            batch.Add(duplicate);
            Invalidate();
        }
        else
        {
            Complete(duplicate, new PostMessageResult(PostMessageOutcome.Duplicate, original.ToMessage(chatId)));
        }
    }

    private void ReloadAfterStale(int attempt)
    {
        if (attempt > MaxStaleRetries)
        {
            throw new InconsistentStateException(
                $"The message log of chat {chatId} kept changing under this activation; nothing was stored.");
        }

        LogWarningStale(chatId, attempt);
        Invalidate();
    }

    private void FailAll(List<PendingChange> batch, Exception exception)
    {
        // The outcome may be unknown (a timeout after the write landed): reload before the next batch.
        Invalidate();
        LogWarningBatchFailed(exception, chatId, batch.Count);
        foreach (var change in batch)
        {
            Forget(change);
            change.Fail(exception);
        }
    }

    // Drops messages whose client id turns out to be used already: in the (reloaded) tail, or a server-assigned id.
    private async Task<List<PendingChange>> RemoveDuplicatesAsync(List<PendingChange> batch)
    {
        var remaining = new List<PendingChange>(batch.Count);
        foreach (var change in batch)
        {
            if (change is not PendingMessage pending)
            {
                remaining.Add(change);
                continue;
            }

            // A message assigned in an earlier attempt may have been stored after all (a timeout, or
            // the storage client's own retry of a transaction that had landed): then that is its result.
            if (pending.Assigned is { } assigned && _tail.Find(assigned.Id) is { } landed && landed.SentAt == assigned.SentAt)
            {
                Complete(pending, new PostMessageResult(PostMessageOutcome.Created, landed.ToMessage(chatId)));
                continue;
            }

            var id = pending.Request.Id;
            var stored = id is null ? null : _tail.Find(id);
            if (stored is null && id is not null && !pending.ServerIdChecked)
            {
                pending.ServerIdChecked = true;
                stored = await FindByServerIdAsync(id);
            }

            if (stored is null)
            {
                remaining.Add(pending);
            }
            else
            {
                Complete(pending, new PostMessageResult(PostMessageOutcome.Duplicate, stored.ToMessage(chatId)));
            }
        }

        return remaining;
    }

    private void Complete(PendingMessage pending, PostMessageResult result)
    {
        Forget(pending);
        pending.Outcome = result;
        pending.Complete();
    }

    private void Forget(PendingChange change)
    {
        if (change is PendingMessage { Request.Id: { } id } pending && _pendingById.TryGetValue(id, out var current) && ReferenceEquals(current, pending))
        {
            _pendingById.Remove(id);
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.ChatLogLoaded, Level = LogLevel.Debug, Message = "Chat {ChatId}: log loaded with {TailCount} messages in memory (complete: {Complete})")]
    private partial void LogDebugLoaded(string chatId, int tailCount, bool complete);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogCommitted, Level = LogLevel.Debug, Message = "Chat {ChatId}: committed {Count} changes in one transaction")]
    private partial void LogDebugCommitted(string chatId, int count);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogStale, Level = LogLevel.Warning, Message = "Chat {ChatId}: log changed by another writer, reloading (attempt {Attempt})")]
    private partial void LogWarningStale(string chatId, int attempt);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogBatchFailed, Level = LogLevel.Warning, Message = "Chat {ChatId}: a batch of {Count} changes failed; its callers may retry them")]
    private partial void LogWarningBatchFailed(Exception exception, string chatId, int count);
}
