using Chats.Diagnostics;
using static Chats.MessageLog.TableStorage.MessageEntities;

namespace Chats.MessageLog.TableStorage;

/// <summary>Reading blocks: history newest first, the search by time, one message by seq, and the entries a block holds.</summary>
internal sealed partial class TableMessageLogStore
{
    // Up to `limit` messages with a seq up to `fromSeq`, newest first: blocks back to the first, a few
    // point reads at a time, then the rows from before blocks. The newest block read is kept for the
    // next commit when `headerEtag` says which log state it belongs to.
    private async Task<List<StoredMessage>> NewestFirstAsync(string chatKey, LogHeader header, long fromSeq, int limit, string operation, string? headerEtag = null, LogBlock? newestRead = null)
    {
        var newestNumber = LogBlock.NumberOf(header.LastSeq);
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
                var blocks = await Task.WhenAll(Enumerable.Range(0, count).Select(i => number - i == newestNumber && newestRead is not null
                    ? Task.FromResult<LogBlock?>(newestRead)
                    : ReadBlockAsync(partitionKey, number - i, operation, newestNumber))).ConfigureAwait(false);
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
                block = await ReadBlockAsync(partitionKey, number, "log_find_before", LogBlock.NumberOf(header.LastSeq)).ConfigureAwait(false);
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
        var block = await GuardAsync("log_find", chatKey, () => ReadBlockAsync(partitionKey, LogBlock.NumberOf(seq), "log_find", LogBlock.NumberOf(header.LastSeq))).ConfigureAwait(false);
        return block is not null && block.TryGet(seq, out var entry) && entry.IsMessage
            ? await MessageAtAsync(partitionKey, block, seq, entry).ConfigureAwait(false)
            : null;
    }

    // Block `number` as stored: the newest block (`newest`, the block of the reader's last seq) is in the
    // header, unless the header has moved on to a later block or was written before headers held one.
    private async Task<LogBlock?> ReadBlockAsync(string partitionKey, long number, string operation, long newest)
    {
        if (number == newest)
        {
            var header = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Header).ConfigureAwait(false);
            ChatsMetrics.RecordLogEntitiesRead(operation, 1);
            if (header.HasValue && header.Value is { } headerEntity && HeaderEntity.NewestBlock(headerEntity) is { Block: var inHeader } && inHeader.Number == number)
            {
                return inHeader;
            }
        }

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
}
