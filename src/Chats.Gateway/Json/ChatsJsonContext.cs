using System.Text.Json.Serialization;
using Chats.Gateway.Model;

namespace Chats.Gateway.Json;

/// <summary>
/// Source-generated JSON metadata for every reply and stream frame, so writing a reply needs no
/// reflection. <see cref="JsonReply{T}"/> and the stream frames write with the context's own options,
/// so System.Text.Json runs the generated code itself (its "fast path"); that needs no converter in the
/// options, which is why timestamps are <see cref="UtcTimestamp"/>, which formats itself. Also first in
/// the HTTP JSON options' resolver chain, for anything else written with those.
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
