using Chats.Diagnostics;
using Chats.Hosting;
using Chats.Storage;
using Chats.Upgrade;
using static Chats.MessageLog.TableStorage.MessageEntities;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The message logs in one Azure Table, one partition per chat (the rows: <see cref="RowKeys"/>):
/// history in blocks (<see cref="LogBlock"/>) found by point reads, so no read or write costs more as
/// the table grows; rows from before blocks are read by <see cref="RowsBeforeBlocks"/>. Reads here,
/// commits in <c>TableMessageLogStore.Commit.cs</c>.
/// </summary>
internal sealed partial class TableMessageLogStore : TableStore, IMessageLogStore, IDisposable
{
    // Blocks read at once when paging back: enough for a default page of messages, more while events fill them.
    private const int MaxBlocksAhead = 8;

    private readonly RowsBeforeBlocks _rows;
    private readonly OpenBlockCache _openBlocks = new();

    public TableMessageLogStore(ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableMessageLogStore> logger)
        : base(clients.Service, options.Value.MessagesTableName, logger) => _rows = new RowsBeforeBlocks(Table);

    public void Dispose() => _openBlocks.Dispose();

    public Task<LogSnapshot> LoadAsync(string chatKey, int tailSize) => GuardAsync("log_load", chatKey, async () =>
    {
        var partitionKey = RowKeys.Partition(chatKey);
        var read = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Header).ConfigureAwait(false);
        ChatsMetrics.RecordLogEntitiesRead("log_load", 1);
        if (!read.HasValue || read.Value is not { } headerEntity)
        {
            return new LogSnapshot(null, LogHeader.Empty, []);
        }

        var rosterRead = HeaderEntity.HasRoster(headerEntity) ? ReadRosterAsync(chatKey, partitionKey) : Task.FromResult<Members.ChatRoster?>(null);
        var header = HeaderEntity.ToHeader(headerEntity, roster: null);
        var etag = headerEntity.ETag.ToString();
        var newestFirst = await NewestFirstAsync(chatKey, header, header.LastSeq, tailSize, "log_load", etag).ConfigureAwait(false);
        newestFirst.Reverse();
        return new LogSnapshot(etag, header with { Roster = await rosterRead.ConfigureAwait(false) }, newestFirst);
    });

    public Task<IReadOnlyList<StoredMessage>> ReadPageAsync(string chatKey, LogHeader header, StoredMessage? olderThan, int limit) => GuardAsync("log_read_page", chatKey, async () =>
    {
        IReadOnlyList<StoredMessage> page = olderThan switch
        {
            null => await NewestFirstAsync(chatKey, header, header.LastSeq, limit, "log_read_page").ConfigureAwait(false),
            { Seq: > 0 } => await NewestFirstAsync(chatKey, header, olderThan.Seq - 1, limit, "log_read_page").ConfigureAwait(false),
            _ => await _rows.OlderPreEventAsync(RowKeys.Partition(chatKey), olderThan, limit).ConfigureAwait(false),
        };
        return page;
    });

    public Task<StoredMessage?> FindNewestSentBeforeAsync(string chatKey, LogHeader header, DateTimeOffset before, long maxSeq) => GuardAsync("log_find_before", chatKey, async () =>
    {
        if (maxSeq >= header.BlocksFrom && await FindNewestSentBeforeInBlocksAsync(chatKey, header, before, maxSeq).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        return header.HasRowsBeforeBlocks
            ? await _rows.FindNewestSentBeforeAsync(RowKeys.Partition(chatKey), before, Math.Min(maxSeq, header.BlocksFrom - 1)).ConfigureAwait(false)
            : null;
    });

    public async Task<StoredMessage?> FindMessageAsync(string chatKey, string messageId, LogHeader header, MessageIdKinds kinds)
    {
        // A server-assigned id carries the message's seq (or, from before events, its sent_at): one point read.
        if (ServerMessageId.TryGetSeq(messageId, out var seq) && seq <= header.LastSeq
            && await FindBySeqAsync(chatKey, header, seq).ConfigureAwait(false) is { } bySeq && bySeq.Id == messageId)
        {
            return bySeq;
        }

        if (PreEventMessages.TryGetSentAt(messageId, out var sentAt) && header.LastSentAt is { } last && sentAt <= last
            && await FindRowAsync(chatKey, PreEventMessages.RowKey(sentAt)).ConfigureAwait(false) is { } preEvent && preEvent.Id == messageId)
        {
            return preEvent;
        }

        if (kinds != MessageIdKinds.Any || await FindRowAsync(chatKey, RowKeys.Id(messageId)).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        // The idempotency record is the message as created; its block or row holds it as it now is.
        return record.Seq > 0
            ? await FindBySeqAsync(chatKey, header, record.Seq).ConfigureAwait(false)
            : await FindRowAsync(chatKey, RowKeys.Message(record)).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(string chatKey, LogHeader header, long afterSeq, long lastSeq) => GuardAsync("log_read_events", chatKey, async () =>
    {
        var last = Math.Min(lastSeq, afterSeq + 1000);
        var events = afterSeq + 1 < header.BlocksFrom
            ? await _rows.ReadEventsAsync(chatKey, afterSeq, Math.Min(last, header.BlocksFrom - 1)).ConfigureAwait(false)
            : [];
        var from = Math.Max(afterSeq + 1, header.BlocksFrom);
        if (from <= last)
        {
            var partitionKey = RowKeys.Partition(chatKey);
            var numbers = Enumerable.Range(0, (int)(LogBlock.NumberOf(last) - LogBlock.NumberOf(from) + 1)).Select(i => LogBlock.NumberOf(from) + i);
            foreach (var block in await Task.WhenAll(numbers.Select(number => ReadBlockAsync(partitionKey, number, "log_read_events"))).ConfigureAwait(false))
            {
                foreach (var (seq, entry) in block?.Entries ?? [])
                {
                    if (seq >= from && seq <= last)
                    {
                        events.Add(await EventAtAsync(chatKey, block!, seq, entry).ConfigureAwait(false));
                    }
                }
            }
        }

        events.Sort((left, right) => left.Seq.CompareTo(right.Seq));
        IReadOnlyList<ChatEvent> read = events;
        return read;
    });

    // Up to `limit` messages with a seq up to `fromSeq`, newest first: blocks back to the first, a few
    // point reads at a time, then the rows from before blocks. The newest block read is kept for the
    // next commit when `headerEtag` says which log state it belongs to.
    private async Task<List<StoredMessage>> NewestFirstAsync(string chatKey, LogHeader header, long fromSeq, int limit, string operation, string? headerEtag = null)
    {
        var partitionKey = RowKeys.Partition(chatKey);
        var messages = new List<StoredMessage>(Math.Min(limit, 1000));
        if (fromSeq >= header.BlocksFrom)
        {
            var lowest = LogBlock.NumberOf(header.BlocksFrom);
            var number = LogBlock.NumberOf(fromSeq);
            var ahead = (limit / LogBlock.Seqs) + 1;
            while (number >= lowest && messages.Count < limit)
            {
                var count = (int)Math.Min(Math.Min(ahead, MaxBlocksAhead), number - lowest + 1);
                var blocks = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ReadBlockAsync(partitionKey, number - i, operation))).ConfigureAwait(false);
                if (headerEtag is not null && number == LogBlock.NumberOf(header.LastSeq) && blocks[0] is { } newest)
                {
                    _openBlocks.Set(chatKey, headerEtag, newest);
                    headerEtag = null;
                }

                foreach (var block in blocks)
                {
                    foreach (var (seq, entry) in block?.Entries.Reverse() ?? [])
                    {
                        if (entry.IsMessage && seq <= fromSeq && seq >= header.BlocksFrom && messages.Count < limit)
                        {
                            messages.Add(await MessageAtAsync(partitionKey, block!, seq, entry).ConfigureAwait(false));
                        }
                    }
                }

                number -= count;
                ahead = Math.Max(1, (limit - messages.Count) / LogBlock.Seqs) + 1;
            }

            fromSeq = header.BlocksFrom - 1;
        }

        if (messages.Count < limit && header.HasRowsBeforeBlocks)
        {
            var rows = await _rows.NewestFirstAsync(partitionKey, fromSeq, limit - messages.Count).ConfigureAwait(false);
            ChatsMetrics.RecordLogEntitiesRead(operation, rows.Count);
            messages.AddRange(rows);
        }

        return messages;
    }

    // Binary search over the blocks for the newest message sent before `before` with a seq up to `maxSeq`
    // (sent_at never goes back as seq goes up); a block with no message defers to the ones before it.
    private async Task<StoredMessage?> FindNewestSentBeforeInBlocksAsync(string chatKey, LogHeader header, DateTimeOffset before, long maxSeq)
    {
        var partitionKey = RowKeys.Partition(chatKey);
        (LogBlock Block, long Seq, BlockEntry Entry)? best = null;
        long low = LogBlock.NumberOf(header.BlocksFrom), high = LogBlock.NumberOf(maxSeq);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var number = middle;
            LogBlock? block;
            List<KeyValuePair<long, BlockEntry>> messages;
            while (true)
            {
                block = await ReadBlockAsync(partitionKey, number, "log_find_before").ConfigureAwait(false);
                messages = [.. block?.Entries.Where(pair => pair.Value.IsMessage && pair.Key <= maxSeq && pair.Key >= header.BlocksFrom) ?? []];
                if (messages.Count > 0 || number == low)
                {
                    break;
                }

                number--;
            }

            if (messages.Count == 0)
            {
                low = middle + 1;
                continue;
            }

            var sentBefore = messages.FindLastIndex(pair => pair.Value.SentAtTicks < before.UtcTicks);
            if (sentBefore < 0)
            {
                high = number - 1;
                continue;
            }

            best = (block!, messages[sentBefore].Key, messages[sentBefore].Value);
            if (sentBefore < messages.Count - 1)
            {
                break;
            }

            low = middle + 1;
        }

        return best is var (found, seq, entry) ? await MessageAtAsync(partitionKey, found, seq, entry).ConfigureAwait(false) : null;
    }

    // The message with this seq, wherever it is stored; null when the seq is another event.
    private async Task<StoredMessage?> FindBySeqAsync(string chatKey, LogHeader header, long seq)
    {
        if (seq < header.BlocksFrom)
        {
            return await FindRowAsync(chatKey, RowKeys.Message(seq)).ConfigureAwait(false);
        }

        var partitionKey = RowKeys.Partition(chatKey);
        var block = await GuardAsync("log_find", chatKey, () => ReadBlockAsync(partitionKey, LogBlock.NumberOf(seq), "log_find")).ConfigureAwait(false);
        return block is not null && block.TryGet(seq, out var entry) && entry.IsMessage
            ? await MessageAtAsync(partitionKey, block, seq, entry).ConfigureAwait(false)
            : null;
    }

    private async Task<LogBlock?> ReadBlockAsync(string partitionKey, long number, string operation)
    {
        var read = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, LogBlock.RowKey(number)).ConfigureAwait(false);
        ChatsMetrics.RecordLogEntitiesRead(operation, 1);
        return read.HasValue && read.Value is { } entity ? LogBlock.From(number, entity) : null;
    }

    private async Task<StoredMessage> MessageAtAsync(string partitionKey, LogBlock block, long seq, BlockEntry entry) =>
        entry.Packed is not null
            ? ToMessage(block.Unpack(entry, partitionKey, RowKeys.Message(seq)))
            : ToMessage(await ReadRowAsync(partitionKey, RowKeys.Message(seq), "log_find").ConfigureAwait(false));

    private async Task<ChatEvent> EventAtAsync(string chatKey, LogBlock block, long seq, BlockEntry entry)
    {
        var partitionKey = RowKeys.Partition(chatKey);
        return entry.Kind switch
        {
            BlockEntryKind.Message => ToMessageNewEvent(chatKey, block.Unpack(entry, partitionKey, RowKeys.Message(seq))),
            BlockEntryKind.Event => ToEvent(chatKey, block.Unpack(entry, partitionKey, RowKeys.Event(seq))),
            BlockEntryKind.MessageRow => ToMessageNewEvent(chatKey, await ReadRowAsync(partitionKey, RowKeys.Message(seq), "log_read_events").ConfigureAwait(false)),
            _ => ToEvent(chatKey, await ReadRowAsync(partitionKey, RowKeys.Event(seq), "log_read_events").ConfigureAwait(false)),
        };
    }

    // A row a block names as stored on its own: it is written in the block's transaction, so it exists.
    private async Task<TableEntity> ReadRowAsync(string partitionKey, string rowKey, string operation)
    {
        var read = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey).ConfigureAwait(false);
        ChatsMetrics.RecordLogEntitiesRead(operation, 1);
        return read.HasValue && read.Value is { } entity
            ? entity
            : throw new InvalidOperationException($"The log block of {partitionKey} names row {rowKey}, which is missing.");
    }

    private async Task<Members.ChatRoster?> ReadRosterAsync(string chatKey, string partitionKey)
    {
        var read = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Roster).ConfigureAwait(false);
        ChatsMetrics.RecordLogEntitiesRead("log_load", 1);
        return read.HasValue && read.Value is { } row
            ? RosterEntity.ToRoster(row)
            : throw new InvalidOperationException($"The log header of chat {chatKey} names a roster row that is missing.");
    }

    private Task<StoredMessage?> FindRowAsync(string chatKey, string rowKey) => GuardAsync("log_find", chatKey, async () =>
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(RowKeys.Partition(chatKey), rowKey).ConfigureAwait(false);
        ChatsMetrics.RecordLogEntitiesRead("log_find", 1);
        return entity.HasValue && entity.Value is not null ? ToMessage(entity.Value) : null;
    });

    private Task<T> GuardAsync<T>(string operationName, string chatKey, Func<Task<T>> operation) =>
        RunAsync(operationName, $"The message log of chat {chatKey}", operation);
}
