using Chats.Diagnostics;
using Chats.Hosting;
using Chats.Storage;
using Chats.Upgrade;
using static Chats.MessageLog.TableStorage.MessageEntities;

namespace Chats.MessageLog.TableStorage;

/// <summary>The message logs in one Azure Table, one partition per chat (the rows: <see cref="RowKeys"/>).</summary>
internal sealed partial class TableMessageLogStore(ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableMessageLogStore> logger)
    : TableStore(clients.Service, options.Value.MessagesTableName, logger), IMessageLogStore
{
    public Task<LogSnapshot> LoadAsync(string chatKey, int tailSize) => GuardAsync("log_load", chatKey, async () =>
    {
        var partitionKey = RowKeys.Partition(chatKey);

        var header = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Header).ConfigureAwait(false);
        if (!header.HasValue || header.Value is null)
        {
            return new LogSnapshot(null, LogHeader.Empty, []);
        }

        var roster = HeaderEntity.HasRoster(header.Value)
            ? await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Roster).ConfigureAwait(false) is { HasValue: true, Value: { } row }
                ? RosterEntity.ToRoster(row)
                : throw new InvalidOperationException($"The log header of chat {chatKey} names a roster row that is missing.")
            : null;

        // Only a chat with a header pays for the range query: Azurite evaluates it against every
        // entity of the table, so it grows with the table, not with the chat.
        var newestFirst = await QueryMessagesAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.MessagePrefix} and RowKey lt {RowKeys.HistoryRangeEnd}"), tailSize).ConfigureAwait(false);
        newestFirst.Reverse();
        return new LogSnapshot(header.Value.ETag.ToString(), HeaderEntity.ToHeader(header.Value, roster), newestFirst);
    });

    public Task<IReadOnlyList<StoredMessage>> ReadPageAsync(string chatKey, StoredMessage? olderThan, int limit) => GuardAsync("log_read_page", chatKey, async () =>
    {
        var partitionKey = RowKeys.Partition(chatKey);

        // Older messages have larger keys (inverted seq, then the pre-event rows' inverted ticks).
        var filter = olderThan is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.MessagePrefix} and RowKey lt {RowKeys.HistoryRangeEnd}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {RowKeys.Message(olderThan)} and RowKey lt {RowKeys.HistoryRangeEnd}");
        IReadOnlyList<StoredMessage> page = await QueryMessagesAsync(filter, limit).ConfigureAwait(false);
        return page;
    });

    public Task<StoredMessage?> FindNewestSentBeforeAsync(string chatKey, DateTimeOffset before, long maxSeq) => GuardAsync("log_find_before", chatKey, async () =>
    {
        var partitionKey = RowKeys.Partition(chatKey);
        StoredMessage? best = null;
        long low = 1, high = maxSeq;
        while (low <= high)
        {
            // The newest message with a seq up to middle (seqs of other events have no message row).
            var middle = low + ((high - low) / 2);
            var found = await QueryMessagesAsync(
                TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.Message(middle)} and RowKey lt {RowKeys.MessageRangeEnd}"), 1).ConfigureAwait(false);
            if (found.Count == 0)
            {
                low = middle + 1;
            }
            else if (found[0].SentAt < before)
            {
                best = found[0];
                low = middle + 1;
            }
            else
            {
                high = found[0].Seq - 1;
            }
        }

        if (best is not null)
        {
            return best;
        }

        // None with a seq: the newest of the older layout's messages sent before it, if any.
        var legacy = await QueryMessagesAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {PreEventMessages.RowKey(before)} and RowKey lt {RowKeys.HistoryRangeEnd}"), 1).ConfigureAwait(false);
        return legacy.Count > 0 ? legacy[0] : null;
    });

    public async Task<StoredMessage?> FindMessageAsync(string chatKey, string messageId, LogHeader header, MessageIdKinds kinds)
    {
        // A server-assigned id carries the message's seq (or, from before events, its sent_at): one point read.
        if (ServerMessageId.TryGetSeq(messageId, out var seq) && seq <= header.LastSeq
            && await FindAsync(chatKey, RowKeys.Message(seq)).ConfigureAwait(false) is { } bySeq && bySeq.Id == messageId)
        {
            return bySeq;
        }

        if (PreEventMessages.TryGetSentAt(messageId, out var sentAt) && header.LastSentAt is { } last && sentAt <= last
            && await FindAsync(chatKey, PreEventMessages.RowKey(sentAt)).ConfigureAwait(false) is { } preEvent && preEvent.Id == messageId)
        {
            return preEvent;
        }

        if (kinds != MessageIdKinds.Any || await FindAsync(chatKey, RowKeys.Id(messageId)).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        // The idempotency record is the message as created; its row holds it as it now is.
        return await FindAsync(chatKey, RowKeys.Message(record)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(string chatKey, long afterSeq, long lastSeq) => GuardAsync("log_read_events", chatKey, async () =>
    {
        // The seqs (afterSeq, last]: each is a message row (its message.new) or an event row.
        var partitionKey = RowKeys.Partition(chatKey);
        var last = Math.Min(lastSeq, afterSeq + 1000);
        var messages = Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.Message(last)} and RowKey le {RowKeys.Message(afterSeq + 1)}"), maxPerPage: 1000);
        var others = Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {RowKeys.Event(afterSeq)} and RowKey le {RowKeys.Event(last)}"), maxPerPage: 1000);
        var events = new List<ChatEvent>();
        await foreach (var entity in messages.ConfigureAwait(false))
        {
            events.Add(ToMessageNewEvent(chatKey, entity));
        }

        await foreach (var entity in others.ConfigureAwait(false))
        {
            events.Add(ToEvent(chatKey, entity));
        }

        events.Sort((left, right) => left.Seq.CompareTo(right.Seq));
        IReadOnlyList<ChatEvent> read = events;
        return read;
    });

    // Timed as "log_append", the operation's published metric name.
    public Task<CommitResult> CommitAsync(string chatKey, string? headerEtag, LogHeader header, IReadOnlyList<LogWrite> writes) => GuardAsync("log_append", chatKey, async () =>
    {
        ArgumentOutOfRangeException.ThrowIfZero(writes.Count);
        var partitionKey = RowKeys.Partition(chatKey);
        var headerEntity = HeaderEntity.From(partitionKey, header);
        var actions = new List<TableTransactionAction>(writes.Count + 1)
        {
            headerEtag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, headerEntity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, headerEntity, new ETag(headerEtag)),
        };

        // A transaction may touch a row once: a row written twice in a batch (a message changed right
        // after it was sent, a marker moved twice) is written once, as it ends up, added if it is new.
        // Owners say which change each action belongs to, and whether it is an idempotency record.
        var owners = new List<(int Owner, bool IsIdRecord)> { (-1, false) };
        var indexByRow = new Dictionary<string, int>(StringComparer.Ordinal);
        void Put(TableTransactionActionType type, TableEntity entity, int owner, bool isIdRecord = false)
        {
            if (indexByRow.TryGetValue(entity.RowKey, out var index))
            {
                actions[index] = new TableTransactionAction(actions[index].ActionType, entity);
                return;
            }

            indexByRow[entity.RowKey] = actions.Count;
            actions.Add(new TableTransactionAction(type, entity));
            owners.Add((owner, isIdRecord));
        }

        foreach (var write in writes)
        {
            switch (write)
            {
                case LogWrite.NewMessage created:
                    Put(TableTransactionActionType.Add, Message(partitionKey, created.Message), write.Owner);
                    if (created.ClientSuppliedId)
                    {
                        Put(TableTransactionActionType.Add, Message(partitionKey, RowKeys.Id(created.Message.Id), created.Message), write.Owner, isIdRecord: true);
                    }

                    break;
                case LogWrite.ChangedMessage changed:
                    Put(TableTransactionActionType.UpsertReplace, Message(partitionKey, changed.Message), write.Owner);
                    break;
                case LogWrite.Event chatEvent:
                    Put(TableTransactionActionType.Add, Event(partitionKey, chatEvent.ChatEvent), write.Owner);
                    break;
                case LogWrite.RosterRow roster:
                    Put(TableTransactionActionType.UpsertReplace, RosterEntity.From(partitionKey, roster.Roster), write.Owner);
                    break;
            }
        }

        try
        {
            var response = await Table.SubmitTransactionAsync(actions).ConfigureAwait(false);
            return CommitResult.Stored(response.Value[0].Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"Table storage returned no ETag for the log header of chat {chatKey}."));
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            var failed = exception.FailedTransactionActionIndex is { } index && index < owners.Count ? owners[index] : (Owner: -1, IsIdRecord: false);
            if (failed.IsIdRecord && exception.Status == 409)
            {
                return CommitResult.Duplicate(failed.Owner);
            }

            LogWarningStaleCommit(Logger, chatKey, exception.Status, exception.FailedTransactionActionIndex);
            return CommitResult.Stale;
        }
    });

    private Task<StoredMessage?> FindAsync(string chatKey, string rowKey) => GuardAsync("log_find", chatKey, async () =>
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(RowKeys.Partition(chatKey), rowKey).ConfigureAwait(false);
        return entity.HasValue && entity.Value is not null ? ToMessage(entity.Value) : null;
    });

    private async Task<List<StoredMessage>> QueryMessagesAsync(string filter, int limit)
    {
        var messages = new List<StoredMessage>(Math.Min(limit, 1000));
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000)).ConfigureAwait(false))
        {
            messages.Add(ToMessage(entity));
            if (messages.Count == limit)
            {
                break;
            }
        }

        return messages;
    }

    private Task<T> GuardAsync<T>(string operationName, string chatKey, Func<Task<T>> operation) =>
        RunAsync(operationName, $"The message log of chat {chatKey}", operation);

    [LoggerMessage(EventId = (int)LogEvents.MessageLogCommitStale, Level = LogLevel.Warning, Message = "A commit to the log of chat {ChatKey} was refused as stale (status {Status}, action {ActionIndex})")]
    private static partial void LogWarningStaleCommit(ILogger logger, string chatKey, int status, int? actionIndex);
}
