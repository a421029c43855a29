using System.Text.Json;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;
using Chats.Gateway.Model;
using Chats.Gateway.Security;

namespace Chats.Gateway.Streaming;

/// <summary>What a stream transport needs, resolved once per request.</summary>
internal sealed class StreamServices(
    IClusterClient cluster,
    Clustering.ChatGrainReferences chats,
    ChatStreamHub hub,
    IOptions<ChatStreamOptions> options,
    IOptions<ChatsApiLimits> limits,
    Security.UserTokenRevocations revocations,
    IOptions<Security.UserTokenOptions> tokens,
    TimeProvider time)
{
    public IClusterClient Cluster => cluster;

    public Clustering.ChatGrainReferences Chats => chats;

    public ChatStreamHub Hub => hub;

    public ChatStreamOptions Options => options.Value;

    public Security.UserTokenRevocations Revocations => revocations;

    /// <summary>How often an open stream of a user token checks for a revocation.</summary>
    public TimeSpan RevocationCheckInterval => tokens.Value.RevocationCacheDuration > TimeSpan.FromSeconds(1) ? tokens.Value.RevocationCacheDuration : TimeSpan.FromSeconds(1);

    public TimeProvider Time => time;

    public ChatsApiLimits Limits => limits.Value;

    /// <summary>
    /// Opens the caller's stream of the requested chat (scoped to the caller's tenant); a 404 for a chat id
    /// that cannot name a chat, and every other refusal, before anything is sent.
    /// </summary>
    public Task<ChatStreamSession> OpenSessionAsync(StreamRequest request, HttpContext context)
    {
        var chatKey = context.GetCaller().ChatKeyOf(request.ChatId, Limits.MaxIdLength)
            ?? throw new Errors.MicroErrorException(Errors.MicroError.ChatNotFound);
        return ChatStreamSession.OpenAsync(request, chatKey, this, Security.UserTokenEvents.GrantOf(context), context.RequestAborted);
    }

    /// <summary>
    /// One stream frame: <c>{"message": Message}</c> on a message stream (<paramref name="chatEvent"/> is then a
    /// <c>message.new</c>), <c>{"event": Event}</c> on an event stream.
    /// </summary>
    public string Serialize(ChatEvent chatEvent, bool asEvent) => asEvent
        ? JsonSerializer.Serialize(new StreamEventResponse(EventDto.From(chatEvent)), ChatsJsonContext.Default.StreamEventResponse)
        : JsonSerializer.Serialize(new StreamResponse(MessageDto.From(chatEvent.Message!)), ChatsJsonContext.Default.StreamResponse);
}
