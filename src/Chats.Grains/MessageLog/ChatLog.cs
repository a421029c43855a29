using Chats.Concurrency;
using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.MessageLog;

/// <summary>
/// The in-memory side of one chat's message log: a bounded tail of the newest durable messages, and
/// group commit — CreateMessage calls that arrive while a transaction is in flight are gathered into
/// the next one. Every message that becomes durable is handed to <see cref="Stored"/> exactly once, in
/// <c>sent_at</c> order. Runs on its grain's scheduler, so its fields need no locks.
/// </summary>
internal sealed partial class ChatLog(string chatId, IMessageLogStore store, ChatsGrainOptions options, TimeProvider time, ILogger logger)
{
    // A transaction carries at most 100 entities (the header is one) and a 4 MiB body. Batches stop
    // at 3 MiB of PendingMessage.EstimatedSize: the estimate leaves out the multipart framing and
    // headers of each operation in the body, so a batch is cut well before the service's limit.
    private const int MaxTransactionEntities = 100;
    private const int MaxTransactionBytes = 3 * 1024 * 1024;
    private const int MaxStaleRetries = 3;

    private readonly MessageTail _tail = new(chatId, options.TailSize);
    private readonly Queue<PendingMessage> _queue = new();
    private readonly Dictionary<string, PendingMessage> _pendingById = new(StringComparer.Ordinal);
    private readonly int _maxBatchSize = Math.Clamp(options.MaxBatchSize, 1, MaxTransactionEntities - 1);
    private Task? _loading;
    private bool _tailIsComplete;
    private string? _headerEtag;
    private DateTimeOffset _lastSentAt = DateTimeOffset.MinValue;
    private SingleFlight? _flush;
    private DateTimeOffset? _lastPublishedSentAt;

    /// <summary>Called with messages just found durable, oldest first.</summary>
    public event Action<IReadOnlyList<ChatMessage>>? Stored;

    /// <summary>
    /// Called when messages were stored that this activation cannot hand to <see cref="Stored"/> (more
    /// than the tail landed behind its back): subscribers must re-read the log.
    /// </summary>
    public event Action? Gap;

    /// <summary>When the newest durable message was sent; null before the log is loaded or when it is empty.</summary>
    public DateTimeOffset? LastSentAt => _lastSentAt == DateTimeOffset.MinValue ? null : _lastSentAt;

    /// <summary>Reads the log if this activation has not yet; a chat's first subscriber does this.</summary>
    public Task LoadIfNeededAsync() => EnsureLoadedAsync();

    public async Task<PostMessageResult> AppendAsync(NewMessage request)
    {
        await EnsureLoadedAsync();
        if (request.Id is { } id)
        {
            if (_tail.Find(id) is { } stored)
            {
                return new PostMessageResult(PostMessageOutcome.Duplicate, stored);
            }

            if (_pendingById.TryGetValue(id, out var inFlight))
            {
                var first = await inFlight.Completion.Task;
                return first with { Outcome = PostMessageOutcome.Duplicate };
            }
        }

        var pending = new PendingMessage(request);
        _queue.Enqueue(pending);
        if (request.Id is not null)
        {
            _pendingById[request.Id] = pending;
        }

        (_flush ??= new SingleFlight(FlushAsync)).Trigger();
        return await pending.Completion.Task;
    }

    public async Task<IReadOnlyList<ChatMessage>> ReadPageAsync(DateTimeOffset? sentBefore, int limit)
    {
        await EnsureLoadedAsync();
        var end = sentBefore is { } before ? _tail.CountSentBefore(before) : _tail.Count;
        if (end >= limit || _tailIsComplete)
        {
            var page = new List<ChatMessage>(Math.Min(end, limit));
            for (var i = end - 1; i >= 0 && page.Count < limit; i--)
            {
                page.Add(_tail[i]);
            }

            return page;
        }

        return await store.ReadPageAsync(chatId, sentBefore, limit);
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
        _lastSentAt = snapshot.LastSentAt ?? DateTimeOffset.MinValue;
        _tail.Clear();
        foreach (var message in snapshot.Tail)
        {
            _tail.Add(message);
        }

        _tailIsComplete = snapshot.Tail.Count < options.TailSize;
        LogDebugLoaded(chatId, _tail.Count, _tailIsComplete);
        PublishLandedOnReload();
    }

    // A reload can show messages this activation never saw stored: its own writes whose outcome was
    // unknown, or another writer's. Publish them, or report a gap if the tail does not reach back far enough.
    private void PublishLandedOnReload()
    {
        if (_lastPublishedSentAt is not { } published)
        {
            _lastPublishedSentAt = _lastSentAt;
            return;
        }

        var start = _tail.CountSentBefore(published.AddTicks(1));
        if (start == 0 && _tail.Count > 0 && !_tailIsComplete)
        {
            _lastPublishedSentAt = _lastSentAt;
            Gap?.Invoke();
            return;
        }

        if (start < _tail.Count)
        {
            var landed = new List<ChatMessage>(_tail.Count - start);
            for (var i = start; i < _tail.Count; i++)
            {
                landed.Add(_tail[i]);
            }

            Publish(landed);
        }
    }

    private void Publish(IReadOnlyList<ChatMessage> messages)
    {
        _lastPublishedSentAt = messages[^1].SentAt;
        Stored?.Invoke(messages);
    }

    private void AddToTail(ChatMessage message)
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

    private List<PendingMessage> TakeBatch()
    {
        var batch = new List<PendingMessage>(Math.Min(_queue.Count, _maxBatchSize));
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

    // Completes every message of the batch: stored, found to be a duplicate, or failed. Never throws.
    private async Task CommitAsync(List<PendingMessage> batch)
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

                var appends = Assign(batch);
                var result = await store.AppendAsync(chatId, _headerEtag, appends);
                switch (result.Status)
                {
                    case AppendStatus.Stored:
                        CompleteStored(batch, appends, result.HeaderEtag);
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

    private void CompleteStored(List<PendingMessage> batch, List<PendingAppend> appends, string? headerEtag)
    {
        _headerEtag = headerEtag;
        _lastSentAt = appends[^1].Message.SentAt;
        foreach (var pending in batch)
        {
            AddToTail(pending.Assigned!);
        }

        ChatsMetrics.RecordCommittedBatch(appends.Count);
        Publish([.. appends.Select(append => append.Message)]);
        foreach (var pending in batch)
        {
            Complete(pending, new PostMessageResult(PostMessageOutcome.Created, pending.Assigned));
        }

        LogDebugCommitted(chatId, batch.Count);
    }

    // The message at duplicateIndex reuses a client id already in storage: answer it with the stored
    // message, or, when that cannot be found (the view was stale), send it round again after a reload.
    private async Task CompleteDuplicateAsync(List<PendingMessage> batch, int duplicateIndex)
    {
        var duplicate = batch[duplicateIndex];
        batch.RemoveAt(duplicateIndex);
        var original = await store.FindByClientIdAsync(chatId, duplicate.Request.Id!);
        if (original is null)
        {
            batch.Add(duplicate);
            Invalidate();
        }
        else
        {
            Complete(duplicate, new PostMessageResult(PostMessageOutcome.Duplicate, original));
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

    private void FailAll(List<PendingMessage> batch, Exception exception)
    {
        // The outcome may be unknown (a timeout after the write landed): reload before the next batch.
        Invalidate();
        LogWarningBatchFailed(exception, chatId, batch.Count);
        foreach (var pending in batch)
        {
            Fail(pending, exception);
        }
    }

    // Drops messages whose client id turns out to be used already: in the (reloaded) tail, or a server-assigned id.
    private async Task<List<PendingMessage>> RemoveDuplicatesAsync(List<PendingMessage> batch)
    {
        var remaining = new List<PendingMessage>(batch.Count);
        foreach (var pending in batch)
        {
            // A message assigned in an earlier attempt may have been stored after all (a timeout, or
            // the storage client's own retry of a transaction that had landed): then that is its result.
            if (pending.Assigned is { } assigned && _tail.Find(assigned.Id) is { } landed && landed.SentAt == assigned.SentAt)
            {
                Complete(pending, new PostMessageResult(PostMessageOutcome.Created, landed));
                continue;
            }

            var id = pending.Request.Id;
            var stored = id is null ? null : _tail.Find(id);
            if (stored is null && id is not null && !pending.ServerIdChecked
                && ServerMessageId.TryGetSentAt(id, out var sentAt) && sentAt <= _lastSentAt)
            {
                pending.ServerIdChecked = true;
                var candidate = await store.FindBySentAtAsync(chatId, sentAt);
                stored = candidate?.Id == id ? candidate : null;
            }

            if (stored is null)
            {
                remaining.Add(pending);
            }
            else
            {
                Complete(pending, new PostMessageResult(PostMessageOutcome.Duplicate, stored));
            }
        }

        return remaining;
    }

    private List<PendingAppend> Assign(List<PendingMessage> batch)
    {
        var appends = new List<PendingAppend>(batch.Count);
        var last = _lastSentAt;
        var now = time.GetUtcNow();
        foreach (var pending in batch)
        {
            // Strictly increasing even if this silo's clock is behind the one that wrote last.
            var sentAt = now > last ? now : last.AddTicks(1);
            last = sentAt;
            var request = pending.Request;
            pending.Assigned = new ChatMessage(request.Id ?? ServerMessageId.Create(sentAt), chatId, request.AuthorId, request.Text, sentAt);
            appends.Add(new PendingAppend(pending.Assigned, ClientSuppliedId: request.Id is not null));
        }

        return appends;
    }

    private void Complete(PendingMessage pending, PostMessageResult result)
    {
        Forget(pending);
        pending.Completion.TrySetResult(result);
    }

    private void Fail(PendingMessage pending, Exception exception)
    {
        Forget(pending);
        pending.Completion.TrySetException(exception);
    }

    private void Forget(PendingMessage pending)
    {
        if (pending.Request.Id is { } id && _pendingById.TryGetValue(id, out var current) && ReferenceEquals(current, pending))
        {
            _pendingById.Remove(id);
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.ChatLogLoaded, Level = LogLevel.Debug, Message = "Chat {ChatId}: log loaded with {TailCount} messages in memory (complete: {Complete})")]
    private partial void LogDebugLoaded(string chatId, int tailCount, bool complete);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogCommitted, Level = LogLevel.Debug, Message = "Chat {ChatId}: committed {Count} messages in one transaction")]
    private partial void LogDebugCommitted(string chatId, int count);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogStale, Level = LogLevel.Warning, Message = "Chat {ChatId}: log changed by another writer, reloading (attempt {Attempt})")]
    private partial void LogWarningStale(string chatId, int attempt);

    [LoggerMessage(EventId = (int)LogEvents.ChatLogBatchFailed, Level = LogLevel.Warning, Message = "Chat {ChatId}: a batch of {Count} messages failed; its callers may retry with the same ids")]
    private partial void LogWarningBatchFailed(Exception exception, string chatId, int count);
}
