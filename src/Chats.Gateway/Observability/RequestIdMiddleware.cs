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

        // One object is both the log scope and the state of the header callback. The header is set as
        // the reply starts, not now: an error reply clears the response (headers included) first.
        var scope = new RequestIdScope(context.Response, requestId);
        context.Response.OnStarting(static state =>
        {
            var scope = (RequestIdScope)state;
            scope.Response.Headers[HeaderName] = scope.RequestId;
            return Task.CompletedTask;
        }, scope);
        using (logger.BeginScope(scope))
        {
            await next(context);
        }
    }

    // Only printable ASCII without spaces: the id goes into headers and logs as it is.
    private static string? FromCaller(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is > ' ' and < '\u007f') ? value : null;

    /// <summary>The <c>RequestId</c> log scope: one key-value pair, as log providers read scopes.</summary>
    private sealed class RequestIdScope(HttpResponse response, string requestId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public HttpResponse Response => response;

        public string RequestId => requestId;

        public int Count => 1;

        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{requestId}";
    }
}
