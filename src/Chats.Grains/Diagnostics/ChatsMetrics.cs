using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Chats.Diagnostics;

/// <summary>The silo's own metrics (meter <c>Chats.Grains</c>): storage latency, message-log entities read and written, group-commit batch sizes, messages and events stored.</summary>
public static class ChatsMetrics
{
    public const string MeterName = "Chats.Grains";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> StorageDuration = Meter.CreateHistogram<double>(
        "chats.storage.duration", "s", "How long one storage operation took, by operation and outcome", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "chats.group_commit.batch_size", "{message}", "Messages committed together in one storage transaction", tags: null,
        new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 99] });

    private static readonly Counter<long> MessagesStored = Meter.CreateCounter<long>(
        "chats.messages.stored", "{message}", "Messages made durable");

    private static readonly Counter<long> EventsStored = Meter.CreateCounter<long>(
        "chats.events.stored", "{event}", "Events made durable, by type (message.new, reaction.new, message.read, ...)");

    private static readonly Counter<long> LogEntitiesRead = Meter.CreateCounter<long>(
        "chats.log.entities_read", "{entity}", "Message-log entities read (headers, blocks, rows), by operation");

    private static readonly Counter<long> LogEntitiesWritten = Meter.CreateCounter<long>(
        "chats.log.entities_written", "{entity}", "Message-log entities written by commits (headers, blocks, rows)");

    /// <summary>Records message-log entities read by one storage operation.</summary>
    public static void RecordLogEntitiesRead(string operation, int count) =>
        LogEntitiesRead.Add(count, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Records the message-log entities one commit wrote.</summary>
    public static void RecordLogEntitiesWritten(int count) => LogEntitiesWritten.Add(count);

    /// <summary>Runs one storage operation and records how long it took and whether it succeeded.</summary>
    public static async Task<T> MeasureStorageAsync<T>(string operation, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await action().ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        finally
        {
            StorageDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static Task MeasureStorageAsync(string operation, Func<Task> action) =>
        MeasureStorageAsync(operation, async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        });

    /// <summary>Records one committed group-commit batch.</summary>
    public static void RecordCommittedBatch(int messages)
    {
        BatchSize.Record(messages);
        MessagesStored.Add(messages);
    }

    /// <summary>Records one event made durable.</summary>
    public static void RecordEvent(ChatEventType type) =>
        EventsStored.Add(1, new KeyValuePair<string, object?>("type", ChatEventTypes.NameOf(type)));
}
