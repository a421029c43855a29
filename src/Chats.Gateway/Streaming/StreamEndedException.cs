namespace Chats.Gateway.Streaming;

/// <summary>Why a stream ended from the server's side; the client should reconnect with <c>sent_after</c>.</summary>
public sealed class StreamEndedException(MicroError error) : Exception(error.Detail)
{
    public MicroError Error { get; } = error;

    /// <summary>
    /// Whether the transport drops the connection instead of sending the error: a client too slow to
    /// keep up has a full socket, and a goodbye would only wait behind its backlog.
    /// </summary>
    public bool AbortsConnection => Error.Code == StatusCodes.Status429TooManyRequests;

    public static StreamEndedException TooSlow(int bufferSize) => new(MicroError.Create("TOO_SLOW", StatusCodes.Status429TooManyRequests,
        $"The client fell more than {bufferSize} messages behind; reconnect with sent_after set to the last sent_at received"));

    /// <summary>Whether the chat's activation ended (a failover, say) while the gateway runs: a connection follows it again.</summary>
    public bool ChatMoved { get; private init; }

    public static StreamEndedException Moved() => new(MicroError.Create("STREAM_ENDED", StatusCodes.Status503ServiceUnavailable,
        "The chat moved to another server; reconnect with sent_after set to the last sent_at received")) { ChatMoved = true };

    public static StreamEndedException ConnectionMoved() => new(MicroError.Create("STREAM_ENDED", StatusCodes.Status503ServiceUnavailable,
        "Your chat list moved to another server; reconnect with the cursor of the last frame received"));

    public static StreamEndedException ConnectionTooSlow(int bufferSize) => new(MicroError.Create("TOO_SLOW", StatusCodes.Status429TooManyRequests,
        $"The client fell more than {bufferSize} deliveries behind; reconnect with the cursor of the last frame received"));

    public static StreamEndedException NotAMember() => new(MicroError.Create("NOT_A_MEMBER", StatusCodes.Status403Forbidden,
        "You were removed from the chat, or left it"));

    public static StreamEndedException TokenExpired(string reason) => new(MicroError.TokenExpired(reason));

    public static StreamEndedException ShuttingDown() => new(MicroError.Create("STREAM_ENDED", StatusCodes.Status503ServiceUnavailable,
        "This gateway is shutting down; reconnect with sent_after set to the last sent_at received"));
}
