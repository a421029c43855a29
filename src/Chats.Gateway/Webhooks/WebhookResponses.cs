using System.Text.Json.Serialization;

namespace Chats.Gateway.Webhooks;

/// <summary>An endpoint as the API shows it: <c>status</c> active, failing or disabled; <c>secret</c> only in the reply that made it.</summary>
public sealed record class WebhookDto(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    UtcTimestamp CreatedAt,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret)
{
    public static WebhookDto From(Webhook webhook) => new(
        webhook.Id, webhook.Url, webhook.EventTypes, webhook.Description, webhook.CreatedAt,
        webhook.Status.ToString().ToLowerInvariant(), webhook.StatusReason, webhook.Secret);
}

/// <summary>A chat whose delivery to the endpoint is failing: the oldest event not delivered and why.</summary>
public sealed record class WebhookDeliveryDto(
    string ChatId,
    long Seq,
    string EventType,
    int Attempts,
    string LastError,
    UtcTimestamp LastAttemptAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? NextAttemptAt,
    string Status)
{
    public static WebhookDeliveryDto From(WebhookDelivery delivery) => new(
        TenantKeys.Unscope(delivery.ChatKey), delivery.Seq, delivery.EventType, delivery.Attempts, delivery.LastError,
        delivery.LastAttemptAt, delivery.NextAttemptAt, delivery.Status.ToString().ToLowerInvariant());
}

public sealed record class WebhookResponse(WebhookDto Webhook);

public sealed record class ListWebhooksResponse(IReadOnlyList<WebhookDto> Webhooks);

public sealed record class ListWebhookDeliveriesResponse(IReadOnlyList<WebhookDeliveryDto> Deliveries);

public sealed record class DeleteWebhookResponse;
