using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Chats.Gateway.Requests;

/// <summary>
/// One request's fields (a JSON body, a WebSocket's first frame, or a query string) with the API's
/// rules for them, read under the proto3 JSON mapping: a field is named by its request record's
/// property (<c>nameof(ChatId)</c>), spelled <c>chat_id</c> or <c>chatId</c>; <c>null</c> means absent;
/// a wrong type is a 400 naming the field. A query string's values are strings.
/// </summary>
public sealed partial class RequestFields
{
    private static readonly ConcurrentDictionary<string, (string Snake, string Camel)> Names = new(StringComparer.Ordinal);

    private readonly JsonElement _body;
    private readonly IQueryCollection? _query;
    private readonly IReadOnlyDictionary<string, string>? _overrides;

    internal RequestFields(JsonElement body, ApiCaller caller, ChatsApiLimits limits)
    {
        _body = body;
        Caller = caller;
        Limits = limits;
    }

    internal RequestFields(IQueryCollection query, IReadOnlyDictionary<string, string>? overrides, ApiCaller caller, ChatsApiLimits limits)
    {
        foreach (var (key, values) in query)
        {
            if (values.Count > 1)
            {
                throw new MicroErrorException(MicroError.BadRequest($"Duplicate key \"{key}\""));
            }
        }

        _query = query;
        _overrides = overrides;
        Caller = caller;
        Limits = limits;
    }

    public ApiCaller Caller { get; }

    public ChatsApiLimits Limits { get; }

    /// <summary>The API's name of a request record's property: <c>ChatId</c> is <c>chat_id</c>.</summary>
    public static string NameOf(string property) => Names.GetOrAdd(property, SpellingsOf).Snake;

    public string? String(string property) => TryGet(property, out var name, out var field)
        ? field.Kind == JsonValueKind.String ? field.ReadString(name) : throw FieldRules.WrongType(name, "a string")
        : null;

    /// <summary>A required string; empty counts as missing.</summary>
    public string RequiredString(string property, MicroError missing) =>
        String(property) is { Length: > 0 } value ? value : throw new MicroErrorException(missing);

    /// <summary>An optional id, checked; empty counts as absent.</summary>
    public string? Id(string property, int? maxLength = null)
    {
        var value = String(property);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        FieldRules.ValidateId(NameOf(property), value, maxLength ?? Limits.MaxIdLength);
        return value;
    }

    /// <summary>A required id, checked.</summary>
    public string RequiredId(string property, MicroError missing, int? maxLength = null) =>
        Id(property, maxLength) ?? throw new MicroErrorException(missing);

    /// <summary>Checks an id a request gave in <paramref name="property"/>.</summary>
    public void CheckId(string property, string value) => FieldRules.ValidateId(NameOf(property), value, Limits.MaxIdLength);

    /// <summary>Message text within the length limit; control characters other than tab and line breaks refused.</summary>
    public void CheckText(string property, string text)
    {
        var name = NameOf(property);
        if (text.Length > Limits.MaxTextLength)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {text.Length} characters, over the limit of {Limits.MaxTextLength}"));
        }

        FieldRules.ValidateText(name, text);
    }

    /// <summary>A chat name: free text of at most <see cref="ChatLimits.MaxNameLength"/> characters; empty clears it.</summary>
    public string? ChatName(string property)
    {
        if (String(property) is not { } name)
        {
            return null;
        }

        if (name.Length > ChatLimits.MaxNameLength)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{NameOf(property)}: {name.Length} characters, over the limit of {ChatLimits.MaxNameLength}"));
        }

        FieldRules.ValidateText(NameOf(property), name);
        return name;
    }

    public DateTimeOffset? Timestamp(string property) =>
        String(property) is { Length: > 0 } text ? FieldRules.ParseTimestamp(NameOf(property), text) : null;

    /// <summary>A page size from an <c>Int32Value</c>: unset or ≤ 0 is the default, over the maximum the maximum.</summary>
    public int PageSize(string property) => Limits.PageSize(Int32Value(property));

    /// <summary>An <c>Int32Value</c>: a number or numeric string; <c>null</c>, absent and <c>{}</c> mean not set.</summary>
    public int? Int32Value(string property)
    {
        if (!TryGet(property, out var name, out var field))
        {
            return null;
        }

        var value = field.Element;
        if (field.Kind == JsonValueKind.Object)
        {
            // The Micro.js docs send {} for "not set"; {"value": n} is the wrapper spelled out.
            if (!value.TryGetProperty("value", out var inner) || inner.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            field = new Field(inner, null);
        }

        var parsed = field.Kind switch
        {
            JsonValueKind.Number => field.Element.TryGetInt32(out var number) ? number : (int?)null,
            JsonValueKind.String => int.TryParse(field.ReadString(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ => throw FieldRules.WrongType(name, "an integer"),
        };
        return parsed ?? throw new MicroErrorException(MicroError.BadRequest($"{name}: expected a 32-bit integer"));
    }

    /// <summary>An <c>Int64Value</c> that may not be negative: a number or a numeric string (proto3 writes 64-bit integers as strings).</summary>
    public long? NonNegativeInt64(string property)
    {
        if (!TryGet(property, out var name, out var field))
        {
            return null;
        }

        var parsed = field.Kind switch
        {
            JsonValueKind.Number => field.Element.TryGetInt64(out var number) ? number : (long?)null,
            JsonValueKind.String => long.TryParse(field.ReadString(name), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ => throw FieldRules.WrongType(name, "an integer"),
        };
        return parsed is >= 0 ? parsed : throw new MicroErrorException(MicroError.BadRequest($"{name}: expected a non-negative 64-bit integer"));
    }

    /// <summary>A boolean: <c>true</c>/<c>false</c>, or those words as strings (as a query string sends them).</summary>
    public bool? Boolean(string property)
    {
        if (!TryGet(property, out var name, out var field))
        {
            return null;
        }

        return field.Kind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when field.ReadString(name) is "true" or "1" => true,
            JsonValueKind.String when field.ReadString(name) is "false" or "0" or "" => false,
            _ => throw FieldRules.WrongType(name, "true or false"),
        };
    }

    /// <summary>A message's <c>metadata</c> (<c>map&lt;string, string&gt;</c>), within <see cref="ChatLimits"/>' metadata limits.</summary>
    public Dictionary<string, string>? Metadata(string property) =>
        TryGet(property, out var name, out var field) ? MetadataRules.Read(name, field.Kind == JsonValueKind.Object ? field.Element : throw FieldRules.WrongType(name, "an object of strings")) : null;

    /// <summary>The user the request acts as (see <see cref="ApiCaller.ActAs"/>), from <paramref name="property"/>, checked.</summary>
    public string ActingUser(string property, MicroError missing, MicroError mismatch)
    {
        var user = Caller.ActAs(String(property), missing, mismatch);
        FieldRules.ValidateId(NameOf(property), user, Limits.MaxIdLength);
        return user;
    }

    /// <summary>The user a server key names in <paramref name="property"/> (or a user token's user); null when a server key names none.</summary>
    public string? OptionalActingUser(string property, MicroError mismatch)
    {
        var user = Caller.ActAsIfNamed(String(property), mismatch);
        if (user is not null && !Caller.IsUser)
        {
            FieldRules.ValidateId(NameOf(property), user, Limits.MaxIdLength);
        }

        return user;
    }

    /// <summary>The caller's grain key of a chat id; 404 when the id cannot name a chat.</summary>
    public string ChatKey(string chatId) =>
        Caller.ChatKeyOf(chatId, Limits.MaxIdLength) ?? throw new MicroErrorException(MicroError.ChatNotFound);

    private bool TryGet(string property, out string name, out Field field)
    {
        var (snake, camel) = Names.GetOrAdd(property, SpellingsOf);
        name = snake;
        field = default;
        if (_query is not null)
        {
            if (_overrides?.TryGetValue(snake, out var overridden) == true)
            {
                field = new Field(default, overridden);
                return true;
            }

            var hasSnakeText = _query.TryGetValue(snake, out var snakeText);
            var hasCamelText = _query.TryGetValue(camel, out var camelText);
            field = new Field(default, (hasSnakeText ? snakeText : camelText).ToString());
            return Found(snake, camel, hasSnakeText, hasCamelText);
        }

        var hasSnake = _body.TryGetProperty(snake, out var snakeValue);
        var camelValue = default(JsonElement);
        var hasCamel = camel != snake && _body.TryGetProperty(camel, out camelValue);
        field = new Field(hasSnake ? snakeValue : camelValue, null);
        return Found(snake, camel, hasSnake, hasCamel) && field.Kind != JsonValueKind.Null;
    }

    private static bool Found(string snake, string camel, bool hasSnake, bool hasCamel) => hasSnake && hasCamel && camel != snake
        ? throw new MicroErrorException(MicroError.BadRequest($"{snake}: given twice, as {snake} and {camel}"))
        : hasSnake || hasCamel;

    private static (string Snake, string Camel) SpellingsOf(string property) =>
        (JsonNamingPolicy.SnakeCaseLower.ConvertName(property), JsonNamingPolicy.CamelCase.ConvertName(property));

    /// <summary>A field's value: a JSON element, or a query string's text.</summary>
    internal readonly record struct Field(JsonElement Element, string? QueryText)
    {
        public JsonValueKind Kind => QueryText is null ? Element.ValueKind : JsonValueKind.String;

        // An escaped lone surrogate ("\ud800") parses as JSON but is no Unicode text.
        public string ReadString(string name)
        {
            try
            {
                return QueryText ?? Element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new MicroErrorException(MicroError.BadRequest($"{name}: not valid Unicode text"));
            }
        }
    }
}
