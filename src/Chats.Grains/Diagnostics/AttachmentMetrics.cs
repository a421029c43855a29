using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Chats.Attachments;

namespace Chats.Diagnostics;

/// <summary>
/// Uploads and attachments on this silo (meter <c>Chats.Grains</c>): uploads by outcome, bytes by tenant
/// and change, and each tenant's storage use (from its <see cref="AttachmentUsageGrain"/>, on the silo that hosts it).
/// </summary>
public static class AttachmentMetrics
{
    private static readonly Meter Meter = new(ChatsMetrics.MeterName);
    private static readonly ConcurrentDictionary<string, (long Files, long Bytes)> Usage = new(StringComparer.Ordinal);

    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>(
        "chats.attachments.uploads", "{upload}", "Uploads by outcome: created, attached, refused (at attach), expired (never attached, deleted), deleted (with their message)");

    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "chats.attachments.bytes", "By", "Bytes of files attached, deleted with their message, and expired (never attached), by tenant");

    static AttachmentMetrics()
    {
        Meter.CreateObservableGauge("chats.attachments.stored_files", () => Observe(usage => usage.Files), "{file}", "Files attached and not deleted, by tenant");
        Meter.CreateObservableGauge("chats.attachments.stored_bytes", () => Observe(usage => usage.Bytes), "By", "Bytes of files attached and not deleted, by tenant");
    }

    public static void RecordUpload(string outcome) => Uploads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RecordBytes(string tenant, string change, long bytes) => Bytes.Add(bytes,
        new KeyValuePair<string, object?>("tenant", Label(tenant)), new KeyValuePair<string, object?>("change", change));

    internal static void Report(string tenant, AttachmentUsageState usage) => Usage[tenant] = (usage.Files, usage.Bytes);

    internal static void Forget(string tenant) => Usage.TryRemove(tenant, out _);

    private static IEnumerable<Measurement<long>> Observe(Func<(long Files, long Bytes), long> value) =>
        Usage.Select(pair => new Measurement<long>(value(pair.Value), new KeyValuePair<string, object?>("tenant", Label(pair.Key))));

    private static string Label(string tenant) => tenant.Length == 0 ? "default" : tenant;
}
