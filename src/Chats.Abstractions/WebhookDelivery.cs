namespace Chats;

/// <summary>
/// A chat whose delivery to an endpoint is failing: the oldest event not delivered, how often it was
/// tried and why it failed; <see cref="Status"/> retrying (a next attempt is due) or failed (the retry
/// schedule ran out: the backlog is kept and tried at the schedule's last interval, or at once by RetryWebhook).
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-delivery")]
public sealed record class WebhookDelivery(
    string WebhookId,
    string ChatKey,
    long Seq,
    string EventType,
    int Attempts,
    string LastError,
    DateTimeOffset LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    WebhookDeliveryStatus Status);

[GenerateSerializer, Alias("chats.webhook-delivery-status")]
public enum WebhookDeliveryStatus
{
    Retrying = 0,
    Failed = 1,
}

/// <summary>ListWebhookDeliveries: the endpoint's failing chats (<see cref="Found"/> false: no such endpoint).</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-deliveries")]
public sealed record class WebhookDeliveries(bool Found, IReadOnlyList<WebhookDelivery> Deliveries);
