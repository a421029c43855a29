using Chats.MessageLog;
using Chats.MessageLog.TableStorage;
using static Chats.MessageLog.TableStorage.MessageEntities;

namespace Chats.Upgrade;

/// <summary>
/// The history a log holds from releases before blocks (before 2026-12-03): one row per message
/// (<c>k{inverted seq}</c>), one per other event (<c>e{seq}</c>) and the pre-event rows
/// (<see cref="PreEventMessages"/>), all with seqs before <see cref="LogHeader.BlocksFrom"/>. They are
/// left as they are and read by range queries as those releases read them; new seqs go to blocks.
/// Delete once no deployment holds a chat with <see cref="LogHeader.HasRowsBeforeBlocks"/>.
/// </summary>
internal sealed class RowsBeforeBlocks(TableClient table)
{
    /// <summary>Up to <paramref name="limit"/> messages with a seq up to <paramref name="fromSeq"/>, then the pre-event ones, newest first.</summary>
    public Task<List<StoredMessage>> NewestFirstAsync(string partitionKey, long fromSeq, int limit) =>
        QueryMessagesAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.Message(fromSeq)} and RowKey lt {RowKeys.HistoryRangeEnd}"), limit);

    /// <summary>Up to <paramref name="limit"/> pre-event messages older than <paramref name="olderThan"/>, newest first.</summary>
    public Task<List<StoredMessage>> OlderPreEventAsync(string partitionKey, StoredMessage olderThan, int limit) =>
        QueryMessagesAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {RowKeys.Message(olderThan)} and RowKey lt {RowKeys.HistoryRangeEnd}"), limit);

    /// <summary>
    /// The newest message sent before <paramref name="before"/> among the rows with a seq up to
    /// <paramref name="maxSeq"/> and the pre-event rows: a binary search over seq, one single-row query a step.
    /// </summary>
    public async Task<StoredMessage?> FindNewestSentBeforeAsync(string partitionKey, DateTimeOffset before, long maxSeq)
    {
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

        var preEvent = await QueryMessagesAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {PreEventMessages.RowKey(before)} and RowKey lt {RowKeys.HistoryRangeEnd}"), 1).ConfigureAwait(false);
        return preEvent.Count > 0 ? preEvent[0] : null;
    }

    /// <summary>The events with a seq in (<paramref name="afterSeq"/>, <paramref name="lastSeq"/>]: message rows and other event rows, by two queries.</summary>
    public async Task<List<ChatEvent>> ReadEventsAsync(string chatKey, long afterSeq, long lastSeq)
    {
        var partitionKey = RowKeys.Partition(chatKey);
        var messages = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.Message(lastSeq)} and RowKey le {RowKeys.Message(afterSeq + 1)}"), maxPerPage: 1000);
        var others = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {RowKeys.Event(afterSeq)} and RowKey le {RowKeys.Event(lastSeq)}"), maxPerPage: 1000);
        var events = new List<ChatEvent>();
        await foreach (var entity in messages.ConfigureAwait(false))
        {
            events.Add(ToMessageNewEvent(chatKey, entity));
        }

        await foreach (var entity in others.ConfigureAwait(false))
        {
            events.Add(ToEvent(chatKey, entity));
        }

        return events;
    }

    private async Task<List<StoredMessage>> QueryMessagesAsync(string filter, int limit)
    {
        var messages = new List<StoredMessage>(Math.Min(limit, 1000));
        if (limit <= 0)
        {
            return messages;
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000)).ConfigureAwait(false))
        {
            messages.Add(ToMessage(entity));
            if (messages.Count == limit)
            {
                break;
            }
        }

        return messages;
    }
}
