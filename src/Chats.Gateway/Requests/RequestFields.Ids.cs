using System.Text.Json;

namespace Chats.Gateway.Requests;

/// <summary>Lists of ids: a JSON array (a body or a WebSocket frame), or a query string's comma-separated text.</summary>
public sealed partial class RequestFields
{
    /// <summary>An array of ids, each checked, at most <paramref name="maxCount"/>.</summary>
    public List<string>? IdArray(string property, int maxCount)
    {
        if (!TryGet(property, out var name, out var field))
        {
            return null;
        }

        if (field.Kind != JsonValueKind.Array)
        {
            throw FieldRules.WrongType(name, "an array of strings");
        }

        var count = field.Element.GetArrayLength();
        if (count > maxCount)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {count} items, over the limit of {maxCount}"));
        }

        var items = new List<string>(count);
        foreach (var item in field.Element.EnumerateArray())
        {
            items.Add(item.ValueKind == JsonValueKind.String ? new Field(item, null).ReadString(name) : throw FieldRules.WrongType(name, "an array of strings"));
        }

        foreach (var item in items)
        {
            FieldRules.ValidateId(name, item, Limits.MaxIdLength);
        }

        return items;
    }

    /// <summary>Ids as an array, or in a query string as one comma-separated text; each checked, at most <paramref name="maxCount"/>.</summary>
    public List<string>? IdList(string property, int maxCount)
    {
        if (!TryGet(property, out var name, out var field) || field.QueryText is not { } text)
        {
            return IdArray(property, maxCount);
        }

        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (items.Count > maxCount)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {items.Count} items, over the limit of {maxCount}"));
        }

        foreach (var item in items)
        {
            FieldRules.ValidateId(name, item, Limits.MaxIdLength);
        }

        return items;
    }
}
