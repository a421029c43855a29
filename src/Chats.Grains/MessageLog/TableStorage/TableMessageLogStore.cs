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

    private readonly string _account;

    public TableMessageLogStore(ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableMessageLogStore> logger)
        : this(clients.Service, ChatsStorageOptions.FirstAccount, options.Value.MessagesTableName, logger)
    {
    }

    /// <summary>The message logs of one storage account (<paramref name="account"/> names it in errors and logs).</summary>
    public TableMessageLogStore(TableServiceClient service, string account, string tableName, ILogger<TableMessageLogStore> logger)
        : base(service, tableName, logger)
    {
        _account = account;
        _rows = new RowsBeforeBlocks(Table);
    }

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
        // The header's newest block is kept for the next commit as the bytes it is stored as; a header of
        // 2d0cc2f holds none, and reading the tail keeps the block entity it reads instead.
        var newest = HeaderEntity.NewestBlock(headerEntity);
        if (newest is var (block, encoded))
        {
            _openBlocks.Set(chatKey, etag, block.Number, encoded);
        }

        var newestFirst = await NewestFirstAsync(chatKey, header, header.LastSeq, tailSize, "log_load", newest is null ? etag : null, newest?.Block).ConfigureAwait(false);
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
            foreach (var block in await Task.WhenAll(numbers.Select(number => ReadBlockAsync(partitionKey, number, "log_read_events", LogBlock.NumberOf(header.LastSeq)))).ConfigureAwait(false))
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
        RunAsync(operationName, $"The message log of chat {chatKey} (storage account {_account})", operation);
}
