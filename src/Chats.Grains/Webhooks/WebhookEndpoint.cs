namespace Chats.Webhooks;

/// <summary>One endpoint as its tenant's grain stores it: the API's fields plus its secrets.</summary>
[GenerateSerializer, Alias("chats.webhook-endpoint")]
public sealed class WebhookEndpoint
{
    [Id(0)]
    public string Id { get; set; } = "";

    [Id(1)]
    public string Url { get; set; } = "";

    [Id(2)]
    public List<string> EventTypes { get; set; } = [];

    [Id(3)]
    public string? Description { get; set; }

    /// <summary>Events at or after this time are sent: when every silo has surely seen the endpoint.</summary>
    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(5)]
    public WebhookStatus Status { get; set; }

    [Id(6)]
    public string? StatusReason { get; set; }

    [Id(7)]
    public string Secret { get; set; } = "";

    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretUntil"/>.</summary>
    [Id(8)]
    public string? PreviousSecret { get; set; }

    [Id(9)]
    public DateTimeOffset PreviousSecretUntil { get; set; }

    /// <summary>Raised by RetryWebhook: a chat that saw a lower one retries this endpoint at once.</summary>
    [Id(10)]
    public long RetryGeneration { get; set; }

    /// <summary>When it was last enabled again (events before it are not sent); null: never disabled.</summary>
    [Id(11)]
    public DateTimeOffset? EnabledAt { get; set; }

    public Webhook ToWebhook(string? secret = null) =>
        new(Id, Url, [.. EventTypes], Description, CreatedAt, Status, StatusReason, secret);

    public WebhookTarget ToTarget(DateTimeOffset now) => new(
        Id, Url, [.. EventTypes], EnabledAt is { } enabled && enabled > CreatedAt ? enabled : CreatedAt, Status,
        PreviousSecret is { } previous && PreviousSecretUntil > now ? [Secret, previous] : [Secret], RetryGeneration);
}
