using System.Diagnostics.Metrics;

namespace Chats.Gateway.Observability;

/// <summary>The gateway's own metrics (meter <c>Chats.Gateway</c>): open streams, and streams the server ended.</summary>
public static class GatewayMetrics
{
    public const string MeterName = "Chats.Gateway";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> OpenStreams = Meter.CreateUpDownCounter<long>(
        "chats.streams.open", "{stream}", "Streams (WebSocket or Server-Sent Events) open on this gateway");

    private static readonly Counter<long> EndedStreams = Meter.CreateCounter<long>(
        "chats.streams.ended", "{stream}", "Streams the server ended, by reason (TOO_SLOW, STREAM_ENDED)");

    public static void StreamOpened() => OpenStreams.Add(1);

    public static void StreamClosed() => OpenStreams.Add(-1);

    public static void StreamEnded(string reason) => EndedStreams.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
