namespace Chats.Gateway.Streaming;

/// <summary>
/// An opened stream as its transport (WebSocket or Server-Sent Events) sends it: a chat's stream, or
/// a user's connection. Opening it made every refusal; disposing it ends its subscriptions.
/// </summary>
public interface IStreamSession : IDisposable
{
    /// <summary>Cancelled when the server ends the stream; <see cref="EndReason"/> then says why.</summary>
    CancellationToken Ended { get; }

    StreamEndedException? EndReason { get; }

    /// <summary>
    /// The frames to send, as the transport writes them (a WebSocket text frame, or a whole
    /// Server-Sent Event); null after <paramref name="idleTick"/> without one, for a keep-alive.
    /// </summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>?> FollowAsync(bool webSocket, TimeSpan idleTick, CancellationToken cancellationToken);
}

/// <summary>A stream session that takes frames from its client after the first (a WebSocket's later text frames).</summary>
public interface IReceivingStreamSession : IStreamSession
{
    /// <summary>One whole text frame from the client; must not wait.</summary>
    void Receive(ReadOnlyMemory<byte> frame);
}

/// <summary>Reads a stream's request (the first WebSocket frame, or the query string) and opens it, or throws the refusal.</summary>
internal delegate Task<IStreamSession> StreamOpener(RequestFields request, HttpContext context);
