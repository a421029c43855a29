namespace Chats.Gateway.Observability;

/// <summary>The event ids of the gateway's log messages, in one place so that none is used twice (as Orleans takes its providers' ids from an enum).</summary>
internal enum LogEvents
{
    // Errors (Errors/)
    UnhandledError = 1,
    AnsweredUnavailable = 2,

    // The Orleans client (Clustering/)
    ClusterConnectionRetry = 10,

    // Streaming (Streaming/)
    StreamsEnded = 400,
    UnsubscribeFailed = 401,
    RenewalFailed = 402,
    GatewayStoppingStreams = 403,
    WebSocketRefused = 410,

    // Security (Security/)
    RequestRefused = 500,
    TokenRefused = 501,

    // The before-send hook (BeforeSend/)
    BeforeSendHookFailed = 600,
}
