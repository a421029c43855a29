using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Chats.Gateway.Json;

/// <summary>A 200 reply whose body is <typeparamref name="T"/> as JSON, written by <see cref="JsonReplyWriter"/>: what <c>TypedResults.Ok</c> is to ASP.NET Core's own writer.</summary>
public sealed class JsonReply<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
{
    private static readonly JsonTypeInfo<T> TypeInfo = JsonReplyWriter.TypeInfoOf<T>();

    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonReplyWriter.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) => JsonReplyWriter.WriteAsync(httpContext, StatusCode, value, TypeInfo);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

/// <summary>Makes <see cref="JsonReply{T}"/>s, as <c>TypedResults.Ok</c> makes <c>Ok</c> results.</summary>
public static class JsonReply
{
    public static JsonReply<T> Ok<T>(T value) => new(value);
}
