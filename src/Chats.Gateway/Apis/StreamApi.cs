namespace Chats.Gateway.Apis;

/// <summary>
/// Stream: <c>GET {prefix}/Stream</c>. A WebSocket upgrade gets the m3o WebSocket protocol; any other GET
/// gets Server-Sent Events with the request in the query string.
/// </summary>
public static class StreamApi
{
    public static RouteHandlerBuilder MapChatsStream(this IEndpointRouteBuilder api) => api
        .MapGet("/Stream", StreamAsync)
        .WithSummary("Stream a chat's new messages, or with events=true all its events (WebSocket, or Server-Sent Events), replaying those after sent_after / after_seq")
        .WithDescription("WebSocket: send {\"chat_id\", \"sent_after\"?, \"user_id\"?, \"events\"?, \"after_seq\"?} as the first text frame; each message then arrives as one "
            + "text frame {\"message\": Message} (each event as {\"event\": Event} when events is true). Server-Sent Events: pass the same fields in the "
            + "query string; each message is an event whose id is its sent_at and whose data is {\"message\": Message}; with events=true each event's "
            + "SSE type is its type (message.new, message.updated, message.deleted, reaction.new, reaction.deleted, message.read), its id its seq and its "
            + "data {\"event\": Event}. Last-Event-ID resumes after that message or event.")
        .Produces<StreamResponse>(StatusCodes.Status200OK, "text/event-stream")
        .ProducesMicroErrors(400, 403, 404, 503);

    private static Task StreamAsync(
        HttpContext context,
        [AsParameters] StreamQuery query,
        StreamServices services,
        ILoggerFactory loggers) =>
        context.WebSockets.IsWebSocketRequest
            ? WebSocketTransport.RunAsync(context, services, services.OpenStreamAsync, loggers.CreateLogger(typeof(WebSocketTransport)))
            : ServerSentEventsTransport.RunAsync(context, services, services.OpenStreamAsync, ResumeField(context));

    // An event stream's Last-Event-ID is a seq, a message stream's a sent_at.
    private static string ResumeField(HttpContext context) =>
        RequestFields.NameOf(context.Request.Query["events"].ToString() is "true" or "1" ? nameof(StreamRequest.AfterSeq) : nameof(StreamRequest.SentAfter));

    /// <summary>
    /// The query parameters of the Server-Sent Events form, declared for the OpenAPI document; the
    /// transports read and validate them (with every other request rule) themselves.
    /// </summary>
    private readonly record struct StreamQuery(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "chat_id")] string? ChatId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "sent_after")] string? SentAfter,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] string? UserId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "events")] string? Events,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "after_seq")] string? AfterSeq);
}
