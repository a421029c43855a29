using Chats.Diagnostics;
using static Chats.MessageLog.TableStorage.MessageEntities;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// Commits: the header (holding the newest block), the other blocks the batch touches, and the rows it
/// needs, in one entity-group transaction; a commit that stays in the newest block writes the header only.
/// </summary>
internal sealed partial class TableMessageLogStore
{
    // An entity-group transaction holds 100 entities and 4 MiB of request; binary travels as base64.
    private const int MaxTransactionEntities = 100;
    private const int MaxTransactionBytes = 2_900_000;

    // Timed as "log_append", the operation's published metric name.
    public Task<CommitResult> CommitAsync(string chatKey, string? headerEtag, LogHeader header, IReadOnlyList<LogWrite> writes) => GuardAsync("log_append", chatKey, async () =>
    {
        ArgumentOutOfRangeException.ThrowIfZero(writes.Count);
        var partitionKey = RowKeys.Partition(chatKey);
        var transaction = new LogTransaction(partitionKey, HeaderEntity.From(partitionKey, header), headerEtag);

        // The seqs this commit adds follow the last one stored: a block none of them existed in is new.
        var lastStoredSeq = header.LastSeq - writes.Count(write => write is LogWrite.NewMessage or LogWrite.Event);
        var (storedNewest, newest) = (LogBlock.NumberOf(lastStoredSeq), LogBlock.NumberOf(header.LastSeq));
        // Blocks are added when new and replaced when stored: an upsert would cost the store a lookup more.
        var blocks = new SortedDictionary<long, (LogBlock Block, bool Stored)>();
        async Task<LogBlock> BlockAsync(long seq)
        {
            var number = LogBlock.NumberOf(seq);
            if (!blocks.TryGetValue(number, out var touched))
            {
                var isNew = Math.Max((number * LogBlock.Seqs) + 1, header.BlocksFrom) > lastStoredSeq;
                var stored = isNew ? null
                    : _openBlocks.Get(chatKey, headerEtag, number) ?? await ReadBlockAsync(partitionKey, number, "log_append", storedNewest).ConfigureAwait(false);
                blocks[number] = touched = (stored ?? LogBlock.Empty(number), stored is not null);
            }

            return touched.Block;
        }

        foreach (var write in writes)
        {
            switch (write)
            {
                case LogWrite.NewMessage created:
                    PutMessage(await BlockAsync(created.Message.Seq).ConfigureAwait(false), transaction, created.Message, write.Owner);
                    if (created.ClientSuppliedId)
                    {
                        transaction.Add(TableTransactionActionType.Add, Message(partitionKey, RowKeys.Id(created.Message.Id), created.Message), write.Owner, isIdRecord: true);
                    }

                    break;
                case LogWrite.ChangedMessage changed when changed.Message.Seq >= header.BlocksFrom:
                    PutMessage(await BlockAsync(changed.Message.Seq).ConfigureAwait(false), transaction, changed.Message, write.Owner);
                    break;
                case LogWrite.ChangedMessage changed:
                    // A message stored before blocks stays in its row.
                    transaction.Add(TableTransactionActionType.UpsertReplace, Message(partitionKey, changed.Message), write.Owner);
                    break;
                case LogWrite.Event chatEvent:
                    var row = Event(partitionKey, chatEvent.ChatEvent);
                    if (!(await BlockAsync(chatEvent.ChatEvent.Seq).ConfigureAwait(false)).Put(chatEvent.ChatEvent.Seq, isMessage: false, row, 0))
                    {
                        transaction.Add(TableTransactionActionType.Add, row, write.Owner);
                    }

                    break;
                case LogWrite.RosterRow roster:
                    transaction.Add(TableTransactionActionType.UpsertReplace, RosterEntity.From(partitionKey, roster.Roster), write.Owner);
                    break;
            }
        }

        // The header is replaced whole: it carries the newest block even when no write touched it, and
        // the block that was newest is written out of it even when the batch began the next block.
        if (header.LastSeq > 0)
        {
            await BlockAsync(header.LastSeq).ConfigureAwait(false);
        }

        if (storedNewest != newest && lastStoredSeq >= header.BlocksFrom)
        {
            await BlockAsync(lastStoredSeq).ConfigureAwait(false);
        }

        // Encoded once: the bytes stored are the bytes the newest block is kept as for the next commit.
        byte[] newestEncoded = [];
        foreach (var (block, stored) in blocks.Values)
        {
            var encoded = block.Encode();
            if (block.Number == newest)
            {
                HeaderEntity.WriteNewestBlock((TableEntity)transaction.Actions[0].Entity, newestEncoded = encoded);
                continue;
            }

            // The block that was newest leaves the header (in a store of 2d0cc2f it was its own entity already).
            var action = !stored ? TableTransactionActionType.Add
                : block.Number == storedNewest ? TableTransactionActionType.UpsertReplace
                : TableTransactionActionType.UpdateReplace;
            transaction.Add(action, LogBlock.ToEntity(partitionKey, block.Number, encoded), -1);
        }

        if (transaction.Actions.Count > MaxTransactionEntities || transaction.EstimatedBytes > MaxTransactionBytes)
        {
            return CommitResult.TooLarge;
        }

        try
        {
            var response = await Table.SubmitTransactionAsync(transaction.Actions).ConfigureAwait(false);
            var etag = response.Value[0].Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"Table storage returned no ETag for the log header of chat {chatKey}.");
            ChatsMetrics.RecordLogEntitiesWritten(transaction.Actions.Count);
            if (header.LastSeq > 0)
            {
                _openBlocks.Set(chatKey, etag, newest, newestEncoded);
            }

            return CommitResult.Stored(etag);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            var failed = transaction.OwnerOf(exception.FailedTransactionActionIndex);
            if (failed.IsIdRecord && exception.Status == 409)
            {
                return CommitResult.Duplicate(failed.Owner);
            }

            LogWarningStaleCommit(Logger, chatKey, exception.Status, exception.FailedTransactionActionIndex);
            return CommitResult.Stale;
        }
    });

    // A message goes into its block, or, too large to share one, into its own row (the block keeps a stub).
    private static void PutMessage(LogBlock block, LogTransaction transaction, StoredMessage message, int owner)
    {
        var row = Message(transaction.PartitionKey, message);
        if (!block.Put(message.Seq, isMessage: true, row, message.SentAt.UtcTicks))
        {
            transaction.Add(TableTransactionActionType.UpsertReplace, row, owner);
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.MessageLogCommitStale, Level = LogLevel.Warning, Message = "A commit to the log of chat {ChatKey} was refused as stale (status {Status}, action {ActionIndex})")]
    private static partial void LogWarningStaleCommit(ILogger logger, string chatKey, int status, int? actionIndex);
}
