using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chats;

/// <summary>
/// The rule that makes any string a grain key that is also a legal Azure Table key, injectively:
/// distinct inputs give distinct keys. Characters the table service rejects (<c>/ \ # ?</c>,
/// U+0000–U+001F, U+007F–U+009F), lone surrogates, and the escape characters themselves are
/// percent-escaped; a result longer than <see cref="MaxKeyLength"/> keeps a readable prefix and ends
/// in a SHA-256 of the input. Orleans' Azure Table provider replaces <c>/ \ # ?</c> with <c>_</c>
/// (so <c>a/b</c> and <c>a_b</c> would share a row) and keeps control characters (which Azure refuses):
/// keys made here reach it with nothing left to replace.
/// </summary>
public static class StorageKeys
{
    /// <summary>The longest key produced. Azurite rejects keys over 512 characters; Azure allows 1 KiB.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>
    /// The longest key of a grain with persistent state. Orleans' Azure Table provider makes the row's
    /// partition key <c>{ServiceId}_{grain type}_{key}</c>; with a service id of at most
    /// <see cref="MaxServiceIdLength"/> characters this leaves room under Azurite's 512.
    /// </summary>
    public const int MaxStateKeyLength = 400;

    /// <summary>The longest service id (Chats:Cluster:ServiceId) that keeps every grain-state key legal.</summary>
    public const int MaxServiceIdLength = 64;

    private const int HashedPrefixLength = MaxKeyLength - 1 - 64;

    // Marks a hashed key. Always escaped in plain keys, so plain and hashed keys never collide.
    private const char HashMarker = '~';

    /// <summary>The legal, injective key of <paramref name="value"/>.</summary>
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

    /// <summary>The string <see cref="Encode"/> made <paramref name="key"/> from, or null for a hashed (long) key.</summary>
    public static string? TryDecode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains(HashMarker, StringComparison.Ordinal))
        {
            return null;
        }

        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '%')
            {
                builder.Append(key[i]);
            }
            else if (key[i + 1] == 'u')
            {
                builder.Append((char)int.Parse(key.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else
            {
                builder.Append((char)int.Parse(key.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
        }

        return builder.ToString();
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
