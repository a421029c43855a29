namespace Chats.Webhooks;

/// <summary>One chat's deliveries to its tenant's endpoints (keyed by the chat key).</summary>
[Alias("chats.IChatWebhooksGrain")]
public interface IChatWebhooksGrain : IGrainWithStringKey
{
    /// <summary>
    /// Called before the chat commits while its tenant has endpoints: once this returns, a reminder
    /// brings the deliveries back after any crash until every event after <paramref name="lastSeq"/> is delivered.
    /// </summary>
    [Alias("ArmAsync")]
    Task ArmAsync(long lastSeq);

    /// <summary>Events just stored, in seq order, and the members at that commit.</summary>
    [Alias("NotifyAsync"), Orleans.Concurrency.OneWay]
    Task NotifyAsync(IReadOnlyList<ChatEvent> events, IReadOnlyList<string> memberIds);

    /// <summary>RetryWebhook: the endpoint's next attempt is now.</summary>
    [Alias("RetryNowAsync"), Orleans.Concurrency.OneWay]
    Task RetryNowAsync(string webhookId);
}
