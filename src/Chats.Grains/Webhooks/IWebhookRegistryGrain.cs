namespace Chats.Webhooks;

/// <summary>
/// The silos' side of a tenant's endpoints (the same grain as <see cref="IWebhooksGrain"/>): what to
/// deliver to, and what the chats' deliveries report back (failures, recoveries, a 410).
/// </summary>
[Alias("chats.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>The endpoints, or null when they are still those of <paramref name="knownVersion"/>.</summary>
    [Alias("GetTargetsAsync"), Orleans.Concurrency.AlwaysInterleave]
    Task<WebhookTargets?> GetTargetsAsync(long knownVersion);

    /// <summary>A chat's delivery to an endpoint failed (again).</summary>
    [Alias("ReportFailureAsync"), Orleans.Concurrency.OneWay]
    Task ReportFailureAsync(WebhookDelivery delivery);

    /// <summary>A chat whose delivery to an endpoint failed delivered again.</summary>
    [Alias("ReportRecoveredAsync"), Orleans.Concurrency.OneWay]
    Task ReportRecoveredAsync(string webhookId, string chatKey);

    /// <summary>The endpoint answered 410 Gone: it is disabled.</summary>
    [Alias("ReportGoneAsync"), Orleans.Concurrency.OneWay]
    Task ReportGoneAsync(string webhookId, string reason);
}
