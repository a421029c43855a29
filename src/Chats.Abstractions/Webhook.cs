namespace Chats;

/// <summary>
/// One of a tenant's webhook endpoints as its owner sees it. <see cref="Secret"/> is set only in the
/// reply that made it (CreateWebhook, RotateWebhookSecret): it is shown once.
/// </summary>
/// <param name="EventTypes">The event types sent (API names); empty: every type.</param>
[GenerateSerializer, Immutable, Alias("chats.webhook")]
public sealed record class Webhook(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    DateTimeOffset CreatedAt,
    WebhookStatus Status,
    string? StatusReason,
    string? Secret = null);

/// <summary>Whether an endpoint is sent events: active; failing (a chat's retries ran out, its backlog kept); disabled (by its owner or a 410).</summary>
[GenerateSerializer, Alias("chats.webhook-status")]
public enum WebhookStatus
{
    Active = 0,
    Failing = 1,
    Disabled = 2,
}

/// <summary>A new endpoint: CreateWebhook.</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-draft")]
public sealed record class WebhookDraft(string Url, IReadOnlyList<string> EventTypes, string? Description);

/// <summary>UpdateWebhook: the fields given change (null: unchanged); <see cref="Disabled"/> false enables a disabled endpoint.</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-update")]
public sealed record class WebhookUpdate(string Id, string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Disabled);

/// <summary>The outcome of a change to a tenant's endpoints.</summary>
[GenerateSerializer, Alias("chats.webhook-outcome")]
public enum WebhookOutcome
{
    Done = 0,
    NotFound = 1,
    TooMany = 2,
    UrlRefused = 3,
}

/// <summary>An endpoint as a change left it, or why the change was refused (<see cref="Reason"/>: a refused URL's).</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-result")]
public sealed record class WebhookResult(WebhookOutcome Outcome, Webhook? Webhook = null, string? Reason = null);
