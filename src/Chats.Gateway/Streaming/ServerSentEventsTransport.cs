using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Chats.Gateway.Streaming;

/// <summary>
/// Stream over Server-Sent Events (<c>GET …/Stream?chat_id=…</c>), for browsers' EventSource. Each
/// message is an event whose id is its <c>sent_at</c>; on an event stream (<c>events=true</c>) each
/// event's SSE type is its type and its id its seq. EventSource's automatic reconnect (which sends
/// <c>Last-Event-ID</c>) then resumes exactly after the last one received.
/// </summary>
internal static class ServerSentEventsTransport
{
    /// <param name="resumeField">The request field that <c>Last-Event-ID</c> fills when the client sent none.</param>
    public static async Task RunAsync(HttpContext context, StreamServices services, StreamOpener open, string resumeField)
    {
        var fields = services.Requests.ReadQuery(context, LastEventIdAs(context, resumeField));

        // Refusals happen here, before the response starts, as ordinary micro-shaped errors.
        using var session = await open(fields, context);

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Ended);
        try
        {
            await WriteAsync(response, Subscribed, stop.Token);
            await foreach (var frame in session.FollowAsync(webSocket: false, services.Options.KeepAliveInterval, stop.Token))
            {
                await WriteAsync(response, frame ?? KeepAlive, stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or StreamEndedException && session.EndReason is { } reason)
        {
            await EndAsync(context, reason);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static async Task EndAsync(HttpContext context, StreamEndedException reason)
    {
        if (reason.AbortsConnection)
        {
            context.Abort();
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            var error = JsonSerializer.Serialize(reason.Error with { RequestId = context.TraceIdentifier }, ChatsJsonContext.Default.MicroError);
            await WriteAsync(context.Response, Encoding.UTF8.GetBytes($"event: error\ndata: {error}\n\n"), timeout.Token);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    // A comment first: the subscription is live once the client sees the response start.
    private static readonly byte[] Subscribed = Encoding.UTF8.GetBytes(": subscribed\nretry: 1000\n\n");
    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");

    private static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    // EventSource resends the id of the last event it received: that is where to resume.
    private static Dictionary<string, string>? LastEventIdAs(HttpContext context, string field) =>
        context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId ? new() { [field] = lastEventId } : null;
}
