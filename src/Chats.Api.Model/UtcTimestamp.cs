using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>
/// A timestamp as replies write it: RFC 3339 in UTC with all 7 fractional digits and <c>Z</c>
/// (<c>2026-11-24T08:40:12.1234567Z</c>), so a value sent back denotes the same instant. A type of its
/// own, with its converter on the type, because that is the one way to format a timestamp ourselves
/// and keep System.Text.Json writing the reply DTOs with their source-generated code (a converter in
/// the options, or on a property, turns that off for every type that holds one).
/// </summary>
[JsonConverter(typeof(Converter))]
public readonly record struct UtcTimestamp(DateTimeOffset Value)
{
    // "O" of a UTC DateTime is exactly the API's shape (28 characters), and formats without a custom
    // pattern's machinery.
    private const int FormattedLength = 28;

    public static implicit operator UtcTimestamp(DateTimeOffset value) => new(value);

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public override string ToString() => Format(Value);

    public sealed class Converter : JsonConverter<UtcTimestamp>
    {
        public override UtcTimestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

        public override void Write(Utf8JsonWriter writer, UtcTimestamp value, JsonSerializerOptions options)
        {
            Span<byte> buffer = stackalloc byte[FormattedLength];
            writer.WriteStringValue(value.Value.UtcDateTime.TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture)
                ? buffer[..written]
                : System.Text.Encoding.UTF8.GetBytes(Format(value.Value)));
        }
    }
}
