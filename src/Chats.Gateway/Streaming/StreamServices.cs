namespace Chats.Gateway.Streaming;

/// <summary>What a stream transport needs, resolved once per request.</summary>
internal sealed class StreamServices(
    ChatGrainReferences chats,
    ChatStreamHub hub,
    IOptions<ChatStreamOptions> options,
    RequestReader requests,
    UserTokenGrantWatch grantWatch)
{
    public ChatGrainReferences Chats => chats;

    public ChatStreamHub Hub => hub;

    public ChatStreamOptions Options => options.Value;

    public UserTokenGrantWatch GrantWatch => grantWatch;

    public ChatsApiLimits Limits => requests.Limits;

    public RequestReader Requests => requests;

    /// <summary>
    /// Opens the caller's stream of the requested chat; every refusal before anything is sent.
    /// </summary>
    public Task<ChatStreamSession> OpenSessionAsync(StreamRequest request, HttpContext context) =>
        ChatStreamSession.OpenAsync(request, this, UserTokenEvents.GrantOf(context), context.RequestAborted);
}
