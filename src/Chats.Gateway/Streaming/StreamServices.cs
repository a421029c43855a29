using System.Text.Json;
using Chats.Gateway.Extensions;
using Chats.Gateway.Model;
using Chats.Gateway.Security;
using Microsoft.AspNetCore.Http.Json;

namespace Chats.Gateway.Streaming;

/// <summary>What a stream transport needs, resolved once per request.</summary>
internal sealed class StreamServices(
    IClusterClient cluster,
    ChatStreamHub hub,
    IOptions<ChatStreamOptions> options,
    IOptions<ChatsApiLimits> limits,
    IOptions<JsonOptions> json)
{
    public IClusterClient Cluster => cluster;

    public ChatStreamHub Hub => hub;

    public ChatStreamOptions Options => options.Value;

    public ChatsApiLimits Limits => limits.Value;

    /// <summary>The grain key of a chat id for the request's caller; a 404 for an id that cannot name a chat.</summary>
    public string ChatKeyOf(string chatId, HttpContext context) =>
        Apis.ChatsApi.ChatKeyOf(chatId, context.GetCaller(), Limits) ?? throw new Errors.MicroErrorException(Errors.MicroError.ChatNotFound);

    /// <summary>A message as one stream frame: <c>{"message": Message}</c>.</summary>
    public string Serialize(ChatMessage message) =>
        JsonSerializer.Serialize(new StreamResponse(MessageDto.From(message)), json.Value.SerializerOptions);
}
