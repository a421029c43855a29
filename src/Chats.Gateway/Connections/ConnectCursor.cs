using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Chats.Gateway.Connections;

/// <summary>
/// Where a connection is: a position in the user's chat-list changes (epoch and version) and, for the
/// chats whose events it sent past what the list showed then (the list follows a chat a moment
/// later), the seq it sent up to. Small however many chats the user has: only chats active in the
/// last moment are <see cref="Ahead"/>. As text: <c>{epoch}.{version}</c>, then <c>.{chat key}~{seq}</c>
/// per chat ahead, the key in base64url.
/// </summary>
public sealed record class ConnectCursor(Guid Epoch, long Version, IReadOnlyDictionary<string, long> Ahead)
{
    public override string ToString()
    {
        var text = new StringBuilder(64).Append(Epoch.ToString("N")).Append('.').Append(Version.ToString(CultureInfo.InvariantCulture));
        foreach (var (chatKey, seq) in Ahead.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append('.').Append(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(chatKey))).Append('~').Append(seq.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out ConnectCursor? cursor)
    {
        cursor = null;
        var parts = text.Split('.');
        if (parts.Length < 2 || !Guid.TryParseExact(parts[0], "N", out var epoch) || !TryParseSeq(parts[1], out var version))
        {
            return false;
        }

        var ahead = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts.AsSpan(2))
        {
            var tilde = part.IndexOf('~', StringComparison.Ordinal);
            if (tilde <= 0 || !TryParseSeq(part[(tilde + 1)..], out var seq) || !TryDecode(part[..tilde], out var chatKey) || !ahead.TryAdd(chatKey, seq))
            {
                return false;
            }
        }

        cursor = new ConnectCursor(epoch, version, ahead);
        return true;
    }

    private static bool TryParseSeq(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryDecode(string text, [NotNullWhen(true)] out string? chatKey)
    {
        chatKey = null;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        try
        {
            chatKey = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
