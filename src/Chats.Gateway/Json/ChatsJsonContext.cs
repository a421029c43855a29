using System.Text.Json.Serialization;

namespace Chats.Gateway.Json;

/// <summary>
/// The gateway's one JSON context: every reply, error, health report and stream frame, written by
/// <see cref="JsonReplyWriter"/> with the generated serializers (timestamps are <see cref="UtcTimestamp"/>,
/// which formats itself, so the options need no converter).
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
[JsonSerializable(typeof(ConnectFrameResponse))]
[JsonSerializable(typeof(StreamTypingResponse))]
[JsonSerializable(typeof(SendTypingResponse))]
[JsonSerializable(typeof(CreateUserTokenResponse))]
[JsonSerializable(typeof(RevokeUserTokensResponse))]
[JsonSerializable(typeof(ChatResponse))]
[JsonSerializable(typeof(ListMembersResponse))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(ListWebhooksResponse))]
[JsonSerializable(typeof(ListWebhookDeliveriesResponse))]
[JsonSerializable(typeof(DeleteWebhookResponse))]
[JsonSerializable(typeof(BeforeSendHookResponse))]
[JsonSerializable(typeof(BeforeSendRequestBody))]
[JsonSerializable(typeof(Attachments.CreateUploadResponse))]
[JsonSerializable(typeof(MicroError))]
[JsonSerializable(typeof(HealthReply))]
internal sealed partial class ChatsJsonContext : JsonSerializerContext;
