using System.Text;
using System.Text.Json;

namespace Chats.Gateway.Requests;

/// <summary>A message's metadata: a string-to-string map within <see cref="ChatLimits"/>' key count, key length and size.</summary>
internal static class MetadataRules
{
    public static Dictionary<string, string> Read(string name, JsonElement value)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var bytes = 0;
        foreach (var property in value.EnumerateObject())
        {
            var key = ReadKey(property, name);
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw FieldRules.WrongType($"{name}.{key}", "a string");
            }

            var text = new RequestFields.Field(property.Value, null).ReadString(name);
            if (key.Length == 0 || key.Length > ChatLimits.MaxMetadataKeyLength)
            {
                throw new MicroErrorException(MicroError.BadRequest($"{name}: keys must be 1 to {ChatLimits.MaxMetadataKeyLength} characters"));
            }

            if (key.Any(char.IsControl) || !map.TryAdd(key, text))
            {
                throw new MicroErrorException(MicroError.BadRequest($"{name}: key \"{key}\" is repeated or holds control characters"));
            }

            FieldRules.ValidateText($"{name}.{key}", text);
            bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(text);
        }

        if (map.Count > ChatLimits.MaxMetadataKeys)
        {
            throw new MicroErrorException(MicroError.BadRequest($"{name}: {map.Count} keys, over the limit of {ChatLimits.MaxMetadataKeys}"));
        }

        return bytes > ChatLimits.MaxMetadataBytes
            ? throw new MicroErrorException(MicroError.BadRequest($"{name}: {bytes} bytes, over the limit of {ChatLimits.MaxMetadataBytes}"))
            : map;
    }

    private static string ReadKey(JsonProperty property, string name)
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
}
