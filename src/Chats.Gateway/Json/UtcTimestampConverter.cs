using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chats.Gateway.Json;

/// <summary>Writes timestamps as RFC 3339 UTC with all 7 fractional digits, so a value sent back denotes the same instant.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    // The round-trip format of a UTC DateTime is exactly this shape (7 fractional digits, 'Z'), and
    // formats without the culture machinery of a custom pattern.
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[40];
        writer.WriteStringValue(value.UtcDateTime.TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture)
            ? buffer[..written]
            : System.Text.Encoding.UTF8.GetBytes(Format(value)));
    }

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
