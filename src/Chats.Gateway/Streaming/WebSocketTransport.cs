using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Chats.Gateway.Streaming;

/// <summary>
/// Stream over a WebSocket, as the m3o clients' <c>client.stream('chats', 'Stream', request)</c> does:
/// the client's first text frame is the request JSON, then each message is one text frame
/// <c>{"message": …}</c> (each event <c>{"event": …}</c>, on an event stream). A refusal is one frame in the micro error shape followed by a close.
/// </summary>
internal static partial class WebSocketTransport
{
    public static async Task RunAsync(HttpContext context, StreamServices services, StreamOpener open, ILogger logger)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        IStreamSession session;
        try
        {
            session = await open(services.Requests.ReadFrame(context, await ReceiveRequestAsync(socket, services, context.RequestAborted)), context);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && MicroError.FromException(exception, services.Limits.MaxBodyBytes) is { } error)
        {
            if (error.Code >= 500)
            {
                LogWarningRefused(logger, error.Id, exception.Message);
            }

            await RefuseAsync(socket, error with { RequestId = context.TraceIdentifier });
            return;
        }

        using (session)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Ended))
        {
            var closedByClient = ReceiveUntilCloseAsync(socket, session as IReceivingStreamSession, services.Limits.MaxBodyBytes, stop);
            try
            {
                await foreach (var frame in session.FollowAsync(webSocket: true, Timeout.InfiniteTimeSpan, stop.Token))
                {
                    await socket.SendAsync(frame!.Value, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or StreamEndedException && session.EndReason is { } reason)
            {
                await EndAsync(socket, reason, context.TraceIdentifier);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
                // The client left.
            }

            await closedByClient;
            if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "bye");
            }
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReceiveRequestAsync(WebSocket socket, StreamServices services, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(services.Options.FirstFrameTimeout);
        var limit = services.Limits.MaxBodyBytes;
        var buffer = new ArrayBufferWriter<byte>(1024);
        while (true)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(1024), timeout.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                throw new MicroErrorException(MicroError.BadRequest(
                    $"No request frame within {services.Options.FirstFrameTimeout.TotalSeconds:0} s of connecting"));
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new OperationCanceledException("The client closed before sending its request.");
            }

            buffer.Advance(received.Count);
            if (buffer.WrittenCount > limit)
            {
                throw new MicroErrorException(MicroError.TooLarge(limit));
            }

            if (received.EndOfMessage)
            {
                return buffer.WrittenMemory;
            }
        }
    }

    // Reading is needed to see the client's close (and answer pings); a session that takes frames gets
    // each whole text frame up to the body limit (a longer one is dropped).
    private static async Task ReceiveUntilCloseAsync(WebSocket socket, IReceivingStreamSession? session, int limit, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        var frame = new ArrayBufferWriter<byte>(1024);
        var tooLong = false;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (session is null || received.MessageType != WebSocketMessageType.Text)
                {
                    continue;
                }

                tooLong |= frame.WrittenCount + received.Count > limit;
                if (!tooLong)
                {
                    frame.Write(buffer.AsSpan(0, received.Count));
                }

                if (received.EndOfMessage)
                {
                    if (!tooLong)
                    {
                        session.Receive(frame.WrittenMemory.ToArray());
                    }

                    frame.Clear();
                    tooLong = false;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }

        await stop.CancelAsync();
    }

    // Try Again Later (RFC 6455 registry): the client should reconnect, with sent_after.
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private static async Task RefuseAsync(WebSocket socket, MicroError error)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var frame = JsonSerializer.SerializeToUtf8Bytes(error, ChatsJsonContext.Default.MicroError);
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            return;
        }

        await CloseQuietlyAsync(socket, error.Code >= 500 ? TryAgainLater : WebSocketCloseStatus.PolicyViolation, error.Id);
    }

    // A goodbye is best effort: the client may be gone already.
    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string description)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private static async Task EndAsync(WebSocket socket, StreamEndedException reason, string requestId)
    {
        if (reason.AbortsConnection)
        {
            socket.Abort();
            return;
        }

        await RefuseAsync(socket, reason.Error with { RequestId = requestId });
    }

    [LoggerMessage(EventId = (int)LogEvents.WebSocketRefused, Level = LogLevel.Warning, Message = "Refused a WebSocket stream: {ErrorId}: {Reason}")]
    private static partial void LogWarningRefused(ILogger logger, string errorId, string reason);
}
