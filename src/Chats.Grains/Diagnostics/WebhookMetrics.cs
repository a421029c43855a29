using System.Diagnostics.Metrics;

namespace Chats.Diagnostics;

/// <summary>Webhook deliveries on this silo (meter <c>Chats.Grains</c>): attempts by outcome, lag from event to 2xx, events not yet delivered.</summary>
public static class WebhookMetrics
{
    private static readonly Meter Meter = new(ChatsMetrics.MeterName);

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "chats.webhooks.attempts", "{attempt}", "Delivery attempts, by webhook and outcome (delivered, failed, gone)");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "chats.webhooks.lag", "s", "From an event to its endpoint's 2xx, by webhook", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300, 3600] });

    private static readonly UpDownCounter<long> Backlog = Meter.CreateUpDownCounter<long>(
        "chats.webhooks.backlog", "{event}", "Events stored but not yet delivered to (or passed over for) every endpoint, in chats active on this silo");

    public static void RecordAttempt(string webhookId, string outcome) => Attempts.Add(1,
        new KeyValuePair<string, object?>("webhook", webhookId), new KeyValuePair<string, object?>("outcome", outcome));

    public static void RecordLag(string webhookId, TimeSpan lag) => Lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("webhook", webhookId));

    public static void AddBacklog(long change)
    {
        if (change != 0)
        {
            Backlog.Add(change);
        }
    }
}
