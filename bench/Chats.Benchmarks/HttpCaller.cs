namespace Chats.Benchmarks;

/// <summary>How the HTTP read workloads call the gateway.</summary>
internal enum HttpCaller
{
    /// <summary>An open service: no credential.</summary>
    Open,

    /// <summary>A server key in every request.</summary>
    ServerKey,

    /// <summary>A user token of a member of the chat read, in every request.</summary>
    UserToken,
}
