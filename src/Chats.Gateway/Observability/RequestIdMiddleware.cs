using System.Diagnostics;

namespace Chats.Gateway.Observability;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token, else a new
/// one. It is echoed in the <c>X-Request-Id</c> reply header and in error replies, and every log line
/// written while handling the request carries it (a <c>RequestId</c> scope).
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = FromCaller(context.Request.Headers[HeaderName].ToString())
            ?? Activity.Current?.TraceId.ToHexString()
            ?? Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;

        // Set as the reply starts, not now: an error reply clears the response (headers included) first.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context.Response, requestId));
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            await next(context);
        }
    }

    // Only printable ASCII without spaces: the id goes into headers and logs as it is.
    private static string? FromCaller(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is > ' ' and < '\u007f') ? value : null;
}
