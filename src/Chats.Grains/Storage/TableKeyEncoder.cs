using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chats.Storage;

/// <summary>
/// Maps any string to a legal Azure Table PartitionKey or RowKey, injectively: distinct inputs give
/// distinct keys. Characters the service rejects (<c>/ \ # ?</c>, U+0000–U+001F, U+007F–U+009F),
/// lone surrogates, and the escape characters themselves are percent-escaped; a result longer
/// than <see cref="MaxKeyLength"/> keeps a readable prefix and ends in a SHA-256 of the input.
/// </summary>
public static class TableKeyEncoder
{
    /// <summary>The longest key produced. Azurite rejects keys over 512 characters; Azure allows 1 KiB.</summary>
    public const int MaxKeyLength = 512;

    private const int HashedPrefixLength = MaxKeyLength - 1 - 64;

    // Marks a hashed key. Always escaped in plain keys, so plain and hashed keys never collide.
    private const char HashMarker = '~';

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = Escape(value);
        if (escaped.Length <= MaxKeyLength)
        {
            return escaped;
        }

        var cut = HashedPrefixLength;
        if (char.IsHighSurrogate(escaped[cut - 1]))
        {
            cut--;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(escaped)));
        return string.Concat(escaped.AsSpan(0, cut), HashMarker.ToString(), hash);
    }

    private static string Escape(string value)
    {
        if (!NeedsEscaping(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate cannot travel as UTF-8; "%u" can never be mistaken for "%XX".
                builder.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (IsReserved(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string value)
    {
        foreach (var c in value)
        {
            if (IsReserved(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReserved(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or HashMarker or (>= '\u0000' and <= '\u001f') or (>= '\u007f' and <= '\u009f');
}
