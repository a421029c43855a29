using System.Globalization;

namespace Chats.MessageLog;

/// <summary>
/// Ids the service assigns: RFC 9562 version-8 UUIDs that say where their message is stored, so a
/// request that repeats one is checked with one point read and server-assigned messages need no
/// separate idempotency record. Ids assigned since events exist carry the message's seq (the first 48
/// bits, then the marker <c>e5e</c> after the version digit); earlier ones carry its <c>sent_at</c>
/// (<see cref="Upgrade.PreEventMessages"/>). A client may send anything, so a match is always checked against the
/// stored message's id.
/// </summary>
internal static class ServerMessageId
{
    private const string SeqMarker = "e5e";

    public static string Create(long seq)
    {
        Span<byte> random = stackalloc byte[8];
        Random.Shared.NextBytes(random);
        var tail = BitConverter.ToUInt64(random) & 0x3FFF_FFFF_FFFF_FFFF;
        var hex = string.Create(CultureInfo.InvariantCulture, $"{(ulong)seq & 0xFFFF_FFFF_FFFF:x12}8{SeqMarker}{0x8000_0000_0000_0000 | tail:x16}");
        return Format(hex);
    }

    /// <summary>The seq an id assigned since events exist carries.</summary>
    public static bool TryGetSeq(string id, out long seq)
    {
        seq = 0;
        if (!TryGetHex(id, out var hex) || hex.Substring(13, 3) != SeqMarker)
        {
            return false;
        }

        seq = long.Parse(hex.AsSpan(0, 12), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return seq > 0;
    }

    /// <summary>The id's 32 hex digits, if it has a server id's shape.</summary>
    public static bool TryGetHex(string id, out string hex)
    {
        hex = string.Empty;
        if (id.Length != 36 || !Guid.TryParseExact(id, "D", out _) || id[14] != '8' || id != id.ToLowerInvariant())
        {
            return false;
        }

        hex = id.Replace("-", string.Empty, StringComparison.Ordinal);
        return true;
    }

    private static string Format(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
}
