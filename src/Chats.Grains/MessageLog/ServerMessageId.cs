using System.Globalization;

namespace Chats.MessageLog;

/// <summary>
/// Ids the service assigns: RFC 9562 version-8 UUIDs whose first 60 bits are the message's
/// <c>sent_at</c> ticks. A request that repeats such an id can then be checked with one point read
/// of the message row, so server-assigned messages need no separate idempotency record.
/// </summary>
internal static class ServerMessageId
{
    public static string Create(DateTimeOffset sentAt)
    {
        var ticks = (ulong)sentAt.UtcTicks;
        Span<byte> random = stackalloc byte[8];
        Random.Shared.NextBytes(random);
        var tail = BitConverter.ToUInt64(random) & 0x3FFF_FFFF_FFFF_FFFF;
        var hex = string.Create(CultureInfo.InvariantCulture,
            $"{ticks >> 12:x12}8{ticks & 0xFFF:x3}{0x8000_0000_0000_0000 | tail:x16}");
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public static bool TryGetSentAt(string id, out DateTimeOffset sentAt)
    {
        sentAt = default;
        if (id.Length != 36 || !Guid.TryParseExact(id, "D", out _) || id[14] != '8' || id != id.ToLowerInvariant())
        {
            return false;
        }

        var hex = id.Replace("-", string.Empty, StringComparison.Ordinal);
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
