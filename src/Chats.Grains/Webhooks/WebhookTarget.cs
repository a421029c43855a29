namespace Chats.Webhooks;

/// <summary>An endpoint as a silo delivers to it: where, which events, from when (created or enabled again), and the secrets that sign (the newest first).</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-target")]
public sealed record class WebhookTarget(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    DateTimeOffset Since,
    WebhookStatus Status,
    IReadOnlyList<string> Secrets,
    long RetryGeneration)
{
    /// <summary>Whether the endpoint is sent <paramref name="chatEvent"/>: of a type it asked for, and made since it listens.</summary>
    public bool Wants(ChatEvent chatEvent) =>
        chatEvent.At >= Since && (EventTypes.Count == 0 || EventTypes.Contains(ChatEventTypes.NameOf(chatEvent.Type), StringComparer.Ordinal));
}

/// <summary>A tenant's endpoints at one version.</summary>
[GenerateSerializer, Immutable, Alias("chats.webhook-targets")]
public sealed record class WebhookTargets(long Version, IReadOnlyList<WebhookTarget> Targets)
{
    public static WebhookTargets None { get; } = new(0, []);
}
