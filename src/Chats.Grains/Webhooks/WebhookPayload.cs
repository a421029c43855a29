using System.Text.Json;
using System.Text.Json.Serialization;
using Chats.Api.Model;

namespace Chats.Webhooks;

/// <summary>
/// A delivery's body, as Standard Webhooks lays it out: <c>{"type", "timestamp", "data"}</c>, where
/// <c>data.event</c> is the event exactly as ListEvents and Stream show it, and a message.new's
/// <c>data.offline_user_ids</c> the members with no open connection then.
/// </summary>
public sealed record class WebhookPayload(string Type, UtcTimestamp Timestamp, WebhookData Data)
{
    /// <summary>The <c>webhook-id</c> of an event: the same on every attempt and every endpoint.</summary>
    public static string MessageIdOf(string chatKey, long seq) => $"{chatKey}/{seq}";

    /// <summary>The body of an event's delivery: the same on every attempt (its timestamp is the event's).</summary>
    public static string Serialize(ChatEvent chatEvent, IReadOnlyList<string>? offlineUserIds) =>
        JsonSerializer.Serialize(
            new WebhookPayload(ChatEventTypes.NameOf(chatEvent.Type), chatEvent.At, new WebhookData(EventDto.From(chatEvent), offlineUserIds)),
            WebhookJsonContext.Default.WebhookPayload);
}

public sealed record class WebhookData(
    EventDto Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OfflineUserIds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
