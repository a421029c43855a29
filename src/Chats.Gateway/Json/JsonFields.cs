using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chats.Gateway.Errors;

namespace Chats.Gateway.Json;

/// <summary>
/// Typed access to request fields under the proto3 JSON mapping: each field may be spelled in
/// snake_case or lowerCamelCase, <c>null</c> means absent, and a wrong type is a 400 naming the field.
/// </summary>
internal static partial class JsonFields
{
    public static string? GetString(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? ReadString(value, name)
            : throw WrongType(name, "a string");
    }

    public static List<string>? GetStringArray(JsonElement body, string name, int maxCount)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array of strings");
        }

        var count = value.GetArrayLength();
        if (count > maxCount)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {count} items, over the limit of {maxCount}"));
        }

        var items = new List<string>(count);
        foreach (var item in value.EnumerateArray())
        {
            items.Add(item.ValueKind == JsonValueKind.String ? ReadString(item, name) : throw WrongType(name, "an array of strings"));
        }

        return items;
    }

    /// <summary>An <c>Int32Value</c>: a number or numeric string; <c>null</c>, absent and <c>{}</c> mean not set.</summary>
    public static int? GetInt32Value(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            // The Micro.js docs send {} for "not set"; {"value": n} is the wrapper spelled out.
            if (!value.TryGetProperty("value", out var inner) || inner.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            value = inner;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out var number) ? number : (int?)null,
            JsonValueKind.String => int.TryParse(ReadString(value, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ => throw WrongType(name, "an integer"),
        };
        return parsed ?? throw new MicroErrorException(MicroError.BadRequest($"{name}: expected a 32-bit integer"));
    }

    /// <summary>An <c>Int64Value</c> that may not be negative: a number or a numeric string (proto3 writes 64-bit integers as strings).</summary>
    public static long? GetNonNegativeInt64(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out var number) ? number : (long?)null,
            JsonValueKind.String => long.TryParse(ReadString(value, name), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ => throw WrongType(name, "an integer"),
        };
        return parsed is >= 0 ? parsed : throw new MicroErrorException(MicroError.BadRequest($"{name}: expected a non-negative 64-bit integer"));
    }

    /// <summary>A boolean: <c>true</c>/<c>false</c>, or those words as strings (as a query string sends them).</summary>
    public static bool? GetBoolean(JsonElement body, string name)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when ReadString(value, name) is "true" or "1" => true,
            JsonValueKind.String when ReadString(value, name) is "false" or "0" or "" => false,
            _ => throw WrongType(name, "true or false"),
        };
    }

    /// <summary>A message's <c>metadata</c>, within <see cref="ChatLimits"/>' metadata limits.</summary>
    public static Dictionary<string, string>? GetMetadata(JsonElement body) =>
        GetStringMap(body, "metadata", ChatLimits.MaxMetadataKeys, ChatLimits.MaxMetadataKeyLength, ChatLimits.MaxMetadataBytes);

    /// <summary>
    /// A string-to-string map (<c>map&lt;string, string&gt;</c>), within <paramref name="maxKeys"/> keys of
    /// <paramref name="maxKeyLength"/> characters and <paramref name="maxBytes"/> UTF-8 bytes in all.
    /// </summary>
    public static Dictionary<string, string>? GetStringMap(JsonElement body, string name, int maxKeys, int maxKeyLength, int maxBytes)
    {
        if (!TryGet(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(name, "an object of strings");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var bytes = 0;
        foreach (var property in value.EnumerateObject())
        {
            _ = ReadName(property, name);
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw WrongType($"{name}.{property.Name}", "a string");
            }

            var text = ReadString(property.Value, name);
            if (property.Name.Length == 0 || property.Name.Length > maxKeyLength)
            {
                throw new MicroErrorException(MicroError.BadRequest($"{name}: keys must be 1 to {maxKeyLength} characters"));
            }

            if (property.Name.Any(char.IsControl) || !map.TryAdd(property.Name, text))
            {
                throw new MicroErrorException(MicroError.BadRequest($"{name}: key \"{property.Name}\" is repeated or holds control characters"));
            }

            ValidateText($"{name}.{property.Name}", text);
            bytes += System.Text.Encoding.UTF8.GetByteCount(property.Name) + System.Text.Encoding.UTF8.GetByteCount(text);
        }

        if (map.Count > maxKeys)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {map.Count} keys, over the limit of {maxKeys}"));
        }

        if (bytes > maxBytes)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {bytes} bytes, over the limit of {maxBytes}"));
        }

        return map;
    }

    /// <summary>An RFC 3339 timestamp. Digits past the 7th (100 ns) round up, so "strictly before" keeps its meaning.</summary>
    public static DateTimeOffset? GetTimestamp(JsonElement body, string name)
    {
        var text = GetString(body, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: expected an RFC 3339 timestamp such as 2026-11-24T08:40:12.1234567Z"));
        }

        var fraction = match.Groups["fraction"].Value;
        var kept = fraction.Length > 7 ? fraction[..7] : fraction;
        var roundUp = fraction.Length > 7 && fraction[7..].Any(digit => digit != '0');
        var normalized = match.Groups["seconds"].Value + (kept.Length > 0 ? "." + kept : string.Empty) + match.Groups["offset"].Value;
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: not a valid date or time"));
        }

        return roundUp && parsed < DateTimeOffset.MaxValue ? parsed.AddTicks(1) : parsed;
    }

    /// <summary>Checks an id's length and that it holds no control characters.</summary>
    public static void ValidateId(string name, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {value.Length} characters, over the limit of {maxLength}"));
        }

        if (value.Any(char.IsControl))
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: control characters are not allowed"));
        }
    }

    /// <summary>Checks free text: line breaks and tabs are text, other control characters are not.</summary>
    public static void ValidateText(string name, string value)
    {
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: control characters other than tab and line breaks are not allowed"));
        }
    }

    private static string ReadName(JsonProperty property, string name)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: a key is not valid Unicode text"));
        }
    }

    // An escaped lone surrogate ("\ud800") parses as JSON but is no Unicode text.
    private static string ReadString(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: not valid Unicode text"));
        }
    }

    private static bool TryGet(JsonElement body, string name, out JsonElement value)
    {
        var camelName = CamelNameOf(name);
        var hasSnake = body.TryGetProperty(name, out var snake);
        var camel = default(JsonElement);
        var hasCamel = camelName != name && body.TryGetProperty(camelName, out camel);
        if (hasSnake && hasCamel)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: given twice, as {name} and {camelName}"));
        }

        value = hasSnake ? snake : camel;
        if ((hasSnake || hasCamel) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    // Field names are the API's few literals: each is spelled in camelCase once, not per request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> CamelNames = new(StringComparer.Ordinal);

    private static string CamelNameOf(string snakeName) => CamelNames.GetOrAdd(snakeName, ToCamelCase);

    internal static string ToCamelCase(string snakeName)
    {
        var parts = snakeName.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
    }

    private static MicroErrorException WrongType(string name, string expected) =>
        new(MicroError.BadRequest($"{name}: expected {expected}"));

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
