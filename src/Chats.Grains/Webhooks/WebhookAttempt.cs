namespace Chats.Webhooks;

/// <summary>What one attempt came to: delivered (a 2xx), gone (a 410), or failed with why and the receiver's Retry-After.</summary>
internal readonly record struct WebhookAttempt(WebhookAttemptOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static WebhookAttempt Delivered { get; } = new(WebhookAttemptOutcome.Delivered);
}

internal enum WebhookAttemptOutcome
{
    Delivered,
    Failed,
    Gone,
}
