using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Chats.Gateway.Requests;

/// <summary>Reads a request body as one JSON object, within the body limit.</summary>
internal static class JsonRequestBody
{
    // Requests are flat objects ({"limit": {"value": 5}} is as deep as they go): deeper input is refused
    // before it costs anything.
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Reads the body from the request's pipe (Kestrel's own pooled buffers: no copy into an array of
    /// ours unless it spans several of them) and parses it with <see cref="ParseObject"/>.
    /// </summary>
    public static async ValueTask<JsonElement> ReadObjectAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw new MicroErrorException(MicroError.TooLarge(limit));
        }

        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                body.AdvanceTo(buffer.End);
                throw new MicroErrorException(MicroError.TooLarge(limit));
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return ParseObject(buffer);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed, all examined: the next read returns once more of the body is in.
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static JsonElement ParseObject(ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsSingleSegment)
        {
            return ParseObject(utf8.First);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)utf8.Length);
        try
        {
            utf8.CopyTo(copy);
            return ParseObject(copy.AsMemory(0, (int)utf8.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Parses one JSON object (a body, a WebSocket frame): valid UTF-8, no duplicate keys, bounded depth.</summary>
    public static JsonElement ParseObject(ReadOnlyMemory<byte> utf8)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new MicroErrorException(MicroError.BadRequest("The request body is not valid UTF-8"));
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MicroErrorException(MicroError.BadRequest("The request body must be a JSON object"));
            }

            RejectDuplicateKeys(document.RootElement);

            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new MicroErrorException(MicroError.BadRequest(TooDeep(utf8.Span)
                ? $"The request body nests deeper than {MaxDepth} levels"
                : $"Malformed JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}"));
        }
    }

    // Tells a depth refusal from other malformed input, for a clearer reply (runs only on refused bodies).
    private static bool TooDeep(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed before (or without) getting too deep.
        }

        return false;
    }

    // JSON parsers disagree on which of two equal keys wins; refusing them leaves no doubt. The set is
    // made only at an object's second key (most requests hold one: ListMessages' chat_id).
    private static void RejectDuplicateKeys(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                RejectDuplicateKeys(item);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            string? first = null;
            HashSet<string>? names = null;
            foreach (var property in element.EnumerateObject())
            {
                var name = property.Name;
                if (first is null)
                {
                    first = name;
                }
                else if (!(names ??= new HashSet<string>(StringComparer.Ordinal) { first }).Add(name))
                {
                    throw new MicroErrorException(MicroError.BadRequest($"Duplicate key \"{name}\""));
                }

                RejectDuplicateKeys(property.Value);
            }
        }
    }
}
