namespace Chats.Webhooks;

/// <summary>An endpoint as a silo delivers to it: where, which events, since when, and the secrets that sign (the newest first).</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-target")]
public sealed record class WebhookTarget(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    DateTimeOffset CreatedAt,
    WebhookStatus Status,
    IReadOnlyList<string> Secrets,
    long RetryGeneration)
{
    /// <summary>Whether the endpoint is sent <paramref name="chatEvent"/>: of a type it asked for, and not older than the endpoint.</summary>
    public bool Wants(ChatEvent chatEvent) =>
        chatEvent.At >= CreatedAt && (EventTypes.Count == 0 || EventTypes.Contains(ChatEventTypes.NameOf(chatEvent.Type), StringComparer.Ordinal));
}

/// <summary>A tenant's endpoints at one version.</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-targets")]
public sealed record class WebhookTargets(long Version, IReadOnlyList<WebhookTarget> Targets)
{
    public static WebhookTargets None { get; } = new(0, []);
}
