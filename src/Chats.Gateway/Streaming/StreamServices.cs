
namespace Chats.Gateway.Streaming;

/// <summary>What a stream transport needs, resolved once per request.</summary>
internal sealed class StreamServices(
    IClusterClient cluster,
    Clustering.ChatGrainReferences chats,
    ChatStreamHub hub,
    IOptions<ChatStreamOptions> options,
    RequestReader requests,
    UserTokenRevocations revocations,
    IOptions<UserTokenOptions> tokens,
    TimeProvider time)
{
    public IClusterClient Cluster => cluster;

    public Clustering.ChatGrainReferences Chats => chats;

    public ChatStreamHub Hub => hub;

    public ChatStreamOptions Options => options.Value;

    public UserTokenRevocations Revocations => revocations;

    /// <summary>How often an open stream of a user token checks for a revocation.</summary>
    public TimeSpan RevocationCheckInterval => tokens.Value.RevocationCacheDuration > TimeSpan.FromSeconds(1) ? tokens.Value.RevocationCacheDuration : TimeSpan.FromSeconds(1);

    public TimeProvider Time => time;

    public ChatsApiLimits Limits => requests.Limits;

    public RequestReader Requests => requests;

    /// <summary>
    /// Opens the caller's stream of the requested chat; every refusal before anything is sent.
    /// </summary>
    public Task<ChatStreamSession> OpenSessionAsync(StreamRequest request, HttpContext context) =>
        ChatStreamSession.OpenAsync(request, request.ChatKey, this, UserTokenEvents.GrantOf(context), context.RequestAborted);
}
