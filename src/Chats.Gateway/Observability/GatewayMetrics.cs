using System.Diagnostics.Metrics;

namespace Chats.Gateway.Observability;

/// <summary>
/// The gateway's own metrics (meter <c>Chats.Gateway</c>): open streams, streams the server ended, and before-send hook calls;
/// <c>kind</c> tells a chat's <c>stream</c> from a user's <c>connect</c>ion.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "Chats.Gateway";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> OpenStreams = Meter.CreateUpDownCounter<long>(
        "chats.streams.open", "{stream}", "Streams and connections (WebSocket or Server-Sent Events) open on this gateway, by kind (stream, connect)");

    private static readonly Counter<long> EndedStreams = Meter.CreateCounter<long>(
        "chats.streams.ended", "{stream}", "Streams and connections the server ended, by kind and reason (TOO_SLOW, STREAM_ENDED, TOKEN_EXPIRED, NOT_A_MEMBER)");

    private static readonly Counter<long> BeforeSendCalls = Meter.CreateCounter<long>(
        "chats.before_send.calls", "{call}", "Calls of tenants' before-send hooks, by outcome (accept, rewrite, reject, timeout, error)");

    private static readonly Histogram<double> BeforeSendDuration = Meter.CreateHistogram<double>(
        "chats.before_send.duration", "s", "How long a before-send hook took to answer (or to fail)", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10] });

    public const string ChatStream = "stream";

    public const string Connection = "connect";

    public static void StreamOpened(string kind) => OpenStreams.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void StreamClosed(string kind) => OpenStreams.Add(-1, new KeyValuePair<string, object?>("kind", kind));

    public static void BeforeSendCalled(string outcome, TimeSpan duration)
    {
        BeforeSendCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        BeforeSendDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public static void StreamEnded(string kind, string reason) =>
        EndedStreams.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));
}
