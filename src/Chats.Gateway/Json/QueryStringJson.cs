using System.Text.Json;
using Chats.Gateway.Errors;

namespace Chats.Gateway.Json;

/// <summary>
/// Turns a query string into the JSON object a POST body would carry (each parameter a string field),
/// so GET routes are validated by exactly the same code as the POST ones.
/// </summary>
internal static class QueryStringJson
{
    /// <summary>The query as a JSON object; <paramref name="replace"/>, when given, sets or replaces one field.</summary>
    public static JsonElement ToObject(IQueryCollection query, KeyValuePair<string, string>? replace = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (values.Count > 1)
            {
                throw new MicroErrorException(MicroError.BadRequest($"Duplicate key \"{name}\""));
            }

            fields[name] = values.ToString();
        }

        if (replace is { } field)
        {
            fields.Remove(JsonFields.ToCamelCase(field.Key));
            fields[field.Key] = field.Value;
        }

        return JsonSerializer.SerializeToElement(fields);
    }
}
