namespace Chats.Gateway.Streaming;

/// <summary>What a stream transport needs, resolved once per request.</summary>
internal sealed class StreamServices(
    IClusterClient cluster,
    ConnectRegistry registry,
    UserListFeeds listFeeds,
    PresenceHub presenceHub,
    IOptions<ChatsPresenceOptions> presence,
    ChatGrainReferences chats,
    ChatStreamHub hub,
    IOptions<ChatStreamOptions> options,
    RequestReader requests,
    UserTokenGrantWatch grantWatch)
{
    public IClusterClient Cluster => cluster;

    public ConnectRegistry Registry => registry;

    public UserListFeeds ListFeeds => listFeeds;

    public PresenceHub PresenceHub => presenceHub;

    public ChatsPresenceOptions Presence => presence.Value;

    public ChatGrainReferences Chats => chats;

    public ChatStreamHub Hub => hub;

    public ChatStreamOptions Options => options.Value;

    public UserTokenGrantWatch GrantWatch => grantWatch;

    public ChatsApiLimits Limits => requests.Limits;

    public RequestReader Requests => requests;

    /// <summary>
    /// Opens the caller's stream of the requested chat; every refusal before anything is sent.
    /// </summary>
    /// <summary>Opens the caller's connection; every refusal before anything is sent.</summary>
    public async Task<IStreamSession> OpenConnectionAsync(RequestFields fields, HttpContext context) =>
        await ConnectSession.OpenAsync(ConnectRequest.Read(fields), this, UserTokenEvents.GrantOf(context), frame => requests.ReadFrame(context, frame), context.RequestAborted);

    public async Task<IStreamSession> OpenStreamAsync(RequestFields fields, HttpContext context) =>
        await ChatStreamSession.OpenAsync(StreamRequest.Read(fields), this, UserTokenEvents.GrantOf(context), context.RequestAborted);
}
