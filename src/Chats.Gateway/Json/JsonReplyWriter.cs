using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chats.Gateway.Json;

/// <summary>
/// The one way a reply body is written: JSON from <see cref="ChatsJsonContext"/>, serialized
/// synchronously into the response pipe and flushed once (replies are bounded, at most a page).
/// Writing with the context's own type info keeps System.Text.Json on the generated serializers.
/// </summary>
internal static class JsonReplyWriter
{
    public const string ContentType = "application/json; charset=utf-8";

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static async Task WriteAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The type info of <typeparamref name="T"/> in <see cref="ChatsJsonContext"/>.</summary>
    public static JsonTypeInfo<T> TypeInfoOf<T>() => (JsonTypeInfo<T>?)ChatsJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(ChatsJsonContext)}.");
}
