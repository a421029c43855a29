using System.Globalization;
using Chats.MessageLog;

namespace Chats.Upgrade;

/// <summary>
/// Messages stored before the per-chat event sequence (releases before 2f5b6f5, 2026-11-26): rows
/// keyed <c>m{inverted sent_at ticks:D19}</c> with no seq or ordinal, and server-assigned ids that
/// carry their <c>sent_at</c> ticks (the first 60 bits) instead of a seq. Read by
/// <c>TableMessageLogStore</c>: history scans reach these rows after the newer ones, and a pre-event
/// server id is found by one point read. Delete once no deployment holds a chat with such messages.
/// </summary>
internal static class PreEventMessages
{
    public const string RowPrefix = "m";

    public static string RowKey(DateTimeOffset sentAt) =>
        RowPrefix + (DateTimeOffset.MaxValue.UtcTicks - sentAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The <c>sent_at</c> a server id assigned before events existed carries.</summary>
    public static bool TryGetSentAt(string id, out DateTimeOffset sentAt)
    {
        sentAt = default;
        if (!ServerMessageId.TryGetHex(id, out var hex))
        {
            return false;
        }

        var high = ulong.Parse(hex.AsSpan(0, 12), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var low = ulong.Parse(hex.AsSpan(13, 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var ticks = (high << 12) | low;
        if (ticks > (ulong)DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        sentAt = new DateTimeOffset((long)ticks, TimeSpan.Zero);
        return true;
    }
}
