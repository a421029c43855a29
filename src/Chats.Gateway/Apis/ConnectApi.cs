namespace Chats.Gateway.Apis;

/// <summary>
/// Connect: <c>GET {prefix}/Connect</c>, one user's live connection to all their chats and their chat
/// list. A WebSocket upgrade sends the request as its first text frame; any other GET gets Server-Sent
/// Events with the request in the query string and the last frame's cursor as <c>Last-Event-ID</c>.
/// </summary>
public static class ConnectApi
{
    public static RouteHandlerBuilder MapChatsConnect(this IEndpointRouteBuilder api) => api
        .MapGet("/Connect", ConnectAsync)
        .WithSummary("One user's live connection: every event of every chat they are in, their chat list's changes, with a cursor to resume from")
        .WithDescription("WebSocket: send {\"user_id\"?, \"cursor\"?, \"watch\"?: [chat_id]} as the first text frame; frames then arrive as text frames {\"type\", \"cursor\", …}. "
            + "Server-Sent Events: pass the same fields in the query string; each frame is an event whose type is the frame's type, whose id is its "
            + "cursor and whose data is the frame. Types: event (with event), chat.added and chat.updated (with chat, its chat-list entry), "
            + "chat.removed (with chat_id), resync (the changes since the cursor are gone: list again), ready (what was missed is sent; live from here), "
            + "typing.start and typing.stop (with typing), user.presence (with presence: members of the watched chats, comma-separated in the query). "
            + "Reconnect with the cursor of the last frame received (EventSource sends it as Last-Event-ID) to get exactly what was missed.")
        .Produces<ConnectFrameResponse>(StatusCodes.Status200OK, "text/event-stream")
        .ProducesMicroErrors(400, 403, 503);

    private static Task ConnectAsync(
        HttpContext context,
        [AsParameters] ConnectQuery query,
        StreamServices services,
        ILoggerFactory loggers) =>
        context.WebSockets.IsWebSocketRequest
            ? WebSocketTransport.RunAsync(context, services, services.OpenConnectionAsync, loggers.CreateLogger(typeof(WebSocketTransport)))
            : ServerSentEventsTransport.RunAsync(context, services, services.OpenConnectionAsync, RequestFields.NameOf(nameof(ConnectRequest.Cursor)));

    /// <summary>The query parameters of the Server-Sent Events form, declared for the OpenAPI document.</summary>
    private readonly record struct ConnectQuery(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] string? UserId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "cursor")] string? Cursor,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "watch")] string? Watch);
}
