using Chats.Concurrency;
using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.MessageLog;

/// <summary>
/// Group commit for one chat's log: changes (messages, edits, deletions, reactions, read markers, members)
/// that arrive while a transaction is in flight are queued and stored together in the next one,
/// planned in order by <see cref="LogBatch"/> and fenced by the header's ETag. Every change is
/// completed once: stored, found to be a repeat, refused, or failed. Runs on its grain's scheduler.
/// </summary>
internal sealed partial class GroupCommit(ChatLogView view, IMessageLogStore store, ChatsGrainOptions options, TimeProvider time, ILogger logger)
{
    // A transaction carries at most 100 entities (the header is one) and a 4 MiB body; the size
    // estimate leaves out each operation's framing, so batches stop well short of it, at 3 MiB.
    private const int MaxTransactionEntities = 100;
    private const int MaxTransactionBytes = 3 * 1024 * 1024;
    private const int MaxStaleRetries = 3;

    private readonly Queue<PendingChange> _queue = new();
    private readonly Dictionary<string, PendingMessage> _pendingById = new(StringComparer.Ordinal);
    private SingleFlight? _flush;

    private string ChatKey => view.ChatKey;

    /// <summary>Awaited before each commit with the log's last seq (webhooks arm their delivery there); a failure fails the batch.</summary>
    public Func<long, Task>? BeforeCommit { get; set; }

    public async Task<PostMessageResult> PostAsync(NewMessage request, IReadOnlyList<MessageAttachment>? attachments)
    {
        await view.EnsureLoadedAsync();
        if (request.Id is { } id)
        {
            if (view.Tail.Find(id) is { } stored)
            {
                return new PostMessageResult(PostMessageOutcome.Duplicate, stored.ToMessage(ChatKey));
            }

            if (_pendingById.TryGetValue(id, out var inFlight))
            {
                var first = await inFlight.Completion.Task;
                return first.Outcome == PostMessageOutcome.Created ? first with { Outcome = PostMessageOutcome.Duplicate } : first;
            }
        }

        var pending = new PendingMessage(request, attachments);
        if (request.Id is not null)
        {
            _pendingById[request.Id] = pending;
        }

        return await EnqueueAsync(pending);
    }

    public async Task<TResult> EnqueueAsync<TResult>(PendingChange<TResult> change)
    {
        await view.EnsureLoadedAsync();
        _queue.Enqueue(change);
        (_flush ??= new SingleFlight(FlushAsync)).Trigger();
        return await change.Completion.Task;
    }

    /// <summary>
    /// Plans <paramref name="change"/> against the log as it is now, storing nothing: its outcome as it
    /// would be if committed at once (the commit plans it again, against the log as it is then).
    /// </summary>
    public void Preview(PendingChange change) =>
        new LogBatch(ChatKey, time.GetUtcNow(), view.Header, view.Roster, view.Tail, view.TailIsComplete).Plan(change, 0);

    private async Task FlushAsync()
    {
        while (_queue.Count > 0)
        {
            await CommitAsync(TakeBatch());
        }
    }

    private List<PendingChange> TakeBatch()
    {
        var batch = new List<PendingChange>(Math.Min(_queue.Count, options.MaxBatchSize));
        var bytes = 0;
        var entities = 1;
        while (_queue.TryPeek(out var next) && batch.Count < options.MaxBatchSize
               && entities + next.EntityCount <= MaxTransactionEntities
               && (batch.Count == 0 || bytes + next.EstimatedSize <= MaxTransactionBytes))
        {
            bytes += next.EstimatedSize;
            entities += next.EntityCount;
            batch.Add(_queue.Dequeue());
        }

        return batch;
    }

    // Completes every change of the batch. Never throws.
    private async Task CommitAsync(List<PendingChange> batch)
    {
        var staleAttempts = 0;
        try
        {
            while (batch.Count > 0)
            {
                await view.EnsureLoadedAsync();
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

                if (BeforeCommit is { } beforeCommit)
                {
                    await beforeCommit(view.Header.LastSeq);
                }

                var result = await store.CommitAsync(ChatKey, view.HeaderEtag, plan.Header, plan.Writes);
                switch (result.Status)
                {
                    case CommitStatus.Stored:
                        view.Apply(plan, result.HeaderEtag);
                        CompleteAll(batch);
                        LogDebugCommitted(ChatKey, batch.Count);
                        return;
                    case CommitStatus.DuplicateClientId:
                        await CompleteDuplicateAsync(batch, result.DuplicateIndex);
                        break;
                    case CommitStatus.TooLarge when batch.Count > 1:
                        // Rare: changes to many old blocks at once. Both halves commit in order.
                        await CommitAsync(batch[..(batch.Count / 2)]);
                        await CommitAsync(batch[(batch.Count / 2)..]);
                        return;
                    case CommitStatus.TooLarge:
                        throw new InvalidOperationException($"A single change to chat {ChatKey} needs more than one storage transaction holds.");
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
        var header = view.Header;
        var plan = new LogBatch(ChatKey, time.GetUtcNow(), header, view.Roster, view.Tail, view.TailIsComplete);
        foreach (var change in batch)
        {
            if (change.TargetId is { } target && plan.NeedsFetch(target))
            {
                plan.Fetched[target] = await store.FindMessageAsync(ChatKey, target, header, MessageIdKinds.Any);
            }

            if (change is PendingRead read && header.LastSentAt is { } last)
            {
                var upTo = read.ReadUpTo < last ? read.ReadUpTo : last;
                if (plan.NeedsReadPosition(upTo))
                {
                    plan.FetchedReadPositions[upTo] = await store.FindNewestSentBeforeAsync(ChatKey, header, upTo.AddTicks(1), header.LastSeq);
                }
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            plan.Plan(batch[i], i);
        }

        return plan;
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
            if (pending.Assigned is { } assigned && view.Tail.Find(assigned.Id) is { } landed && landed.SentAt == assigned.SentAt)
            {
                Complete(pending, new PostMessageResult(PostMessageOutcome.Created, landed.ToMessage(ChatKey)));
                continue;
            }

            // A repeated client id is refused by the transaction itself (its idempotency row exists);
            // an id shaped like a server id has no such row and is looked up once.
            var id = pending.Request.Id;
            var stored = id is null ? null : view.Tail.Find(id);
            if (stored is null && id is not null && !pending.ServerIdChecked)
            {
                pending.ServerIdChecked = true;
                stored = await store.FindMessageAsync(ChatKey, id, view.Header, MessageIdKinds.ServerAssigned);
            }

            if (stored is null)
            {
                remaining.Add(pending);
            }
            else
            {
                Complete(pending, new PostMessageResult(PostMessageOutcome.Duplicate, stored.ToMessage(ChatKey)));
            }
        }

        return remaining;
    }

    // The message at duplicateIndex reuses a client id already in storage: answer it with the stored
    // message, or, when that cannot be found (the view was stale), send it round again after a reload.
    private async Task CompleteDuplicateAsync(List<PendingChange> batch, int duplicateIndex)
    {
        var duplicate = (PendingMessage)batch[duplicateIndex];
        batch.RemoveAt(duplicateIndex);
        var original = await store.FindMessageAsync(ChatKey, duplicate.Request.Id!, view.Header, MessageIdKinds.Any);
        if (original is null)
        {
            batch.Add(duplicate);
            view.Invalidate();
        }
        else
        {
            Complete(duplicate, new PostMessageResult(PostMessageOutcome.Duplicate, original.ToMessage(ChatKey)));
        }
    }

    private void ReloadAfterStale(int attempt)
    {
        if (attempt > MaxStaleRetries)
        {
            throw new InconsistentStateException(
                $"The message log of chat {ChatKey} kept changing under this activation; nothing was stored.");
        }

        LogWarningStale(ChatKey, attempt);
        view.Invalidate();
    }

    private void CompleteAll(List<PendingChange> batch)
    {
        foreach (var change in batch)
        {
            Forget(change);
            change.Complete();
        }
    }

    private void FailAll(List<PendingChange> batch, Exception exception)
    {
        // The outcome may be unknown (a timeout after the write landed): reload before the next batch.
        view.Invalidate();
        LogWarningBatchFailed(exception, ChatKey, batch.Count);
        foreach (var change in batch)
        {
            Forget(change);
            change.Fail(exception);
        }
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

    [LoggerMessage(EventId = (int)LogEvents.ChatLogCommitted, Level = LogLevel.Debug, Message = "Chat {ChatKey}: committed {Count} changes in one transaction")]
    private partial void LogDebugCommitted(string chatKey, int count);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogStale, Level = LogLevel.Warning, Message = "Chat {ChatKey}: log changed by another writer, reloading (attempt {Attempt})")]
    private partial void LogWarningStale(string chatKey, int attempt);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogBatchFailed, Level = LogLevel.Warning, Message = "Chat {ChatKey}: a batch of {Count} changes failed; its callers may retry them")]
    private partial void LogWarningBatchFailed(Exception exception, string chatKey, int count);
}
