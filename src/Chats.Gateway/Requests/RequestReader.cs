namespace Chats.Gateway.Requests;

/// <summary>
/// Reads every API request into <see cref="RequestFields"/>: a JSON body, a WebSocket's first frame, or
/// a query string, with the caller and the limits. Registered once; request records get it through
/// <see cref="IApiRequest{TSelf}"/>.
/// </summary>
public sealed class RequestReader(IOptions<ChatsApiLimits> limits)
{
    public ChatsApiLimits Limits => limits.Value;

    public async ValueTask<RequestFields> ReadBodyAsync(HttpContext context) =>
        new(await JsonRequestBody.ReadObjectAsync(context, limits.Value.MaxBodyBytes), context.GetCaller(), limits.Value);

    public RequestFields ReadFrame(HttpContext context, ReadOnlyMemory<byte> utf8) =>
        new(JsonRequestBody.ParseObject(utf8), context.GetCaller(), limits.Value);

    /// <summary>The query string's fields; <paramref name="overrides"/> (by API name) replace the query's own.</summary>
    public RequestFields ReadQuery(HttpContext context, IReadOnlyDictionary<string, string>? overrides = null) =>
        new(context.Request.Query, overrides, context.GetCaller(), limits.Value);
}
