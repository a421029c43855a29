using System.Text.Json.Serialization;
using Chats.Gateway.Model;

namespace Chats.Gateway.Json;

/// <summary>
/// Source-generated JSON metadata for every reply and stream frame, so writing a reply needs no
/// reflection. Registered first in the HTTP JSON options' resolver chain; the options keep the naming
/// policy and the timestamp converter.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateChatResponse))]
[JsonSerializable(typeof(CreateMessageResponse))]
[JsonSerializable(typeof(ListMessagesResponse))]
[JsonSerializable(typeof(ListChatsResponse))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(ReactionResponse))]
[JsonSerializable(typeof(MarkReadResponse))]
[JsonSerializable(typeof(ListEventsResponse))]
[JsonSerializable(typeof(StreamResponse))]
[JsonSerializable(typeof(StreamEventResponse))]
[JsonSerializable(typeof(CreateUserTokenResponse))]
[JsonSerializable(typeof(RevokeUserTokensResponse))]
internal sealed partial class ChatsJsonContext : JsonSerializerContext;
