using System.Diagnostics.Metrics;

namespace Chats.Diagnostics;

/// <summary>Uploads and attachments on this silo (meter <c>Chats.Grains</c>): uploads by outcome, and the bytes attached and deleted by tenant.</summary>
public static class AttachmentMetrics
{
    private static readonly Meter Meter = new(ChatsMetrics.MeterName);

    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>(
        "chats.attachments.uploads", "{upload}", "Uploads by outcome: created, attached, refused (at attach), expired (never attached, deleted), deleted (with their message)");

    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "chats.attachments.bytes", "By", "Bytes of files attached to messages and of files deleted (with their message, or never attached), by tenant; attached minus deleted is the tenant's storage use");

    public static void RecordUpload(string outcome) => Uploads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RecordBytes(string tenant, string change, long bytes) => Bytes.Add(bytes,
        new KeyValuePair<string, object?>("tenant", tenant.Length == 0 ? "default" : tenant), new KeyValuePair<string, object?>("change", change));
}
