using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Chats.Gateway.Json;

/// <summary>
/// A 200 reply whose body is <typeparamref name="T"/> as JSON: what <c>TypedResults.Ok</c> does, but
/// serialized synchronously into the response pipe and flushed once. ASP.NET Core's JSON results
/// serialize asynchronously, and System.Text.Json writes asynchronously with its metadata, converter
/// by converter, except for a type whose first ten replies all stayed under 8 KiB (one larger reply
/// turns that off for good); written synchronously with the context's own options, every reply uses
/// the code the source generator wrote for its type (<see cref="ChatsJsonContext"/>). Replies are
/// bounded (a page is at most 100 messages), so holding one in the pipe until it is whole costs little.
/// </summary>
public sealed class JsonReply<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonContentType;

    // The context's own metadata, bound to the context's own options: the HTTP JSON options hold other
    // resolvers too (OpenAPI puts its own context first), and with settings of their own that turns the
    // generated serializers off for every type. Every reply type is in the context.
    private static readonly JsonTypeInfo<T> TypeInfo = (JsonTypeInfo<T>?)ChatsJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(ChatsJsonContext)}.");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, TypeInfo);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

/// <summary>Makes <see cref="JsonReply{T}"/>s, as <c>TypedResults.Ok</c> makes <c>Ok</c> results.</summary>
public static class JsonReply
{
    public static JsonReply<T> Ok<T>(T value) => new(value);
}
