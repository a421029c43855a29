namespace Chats;

/// <summary>
/// One tenant's webhook endpoints (keyed by <see cref="GrainKeyOf"/>): managed with server keys; every
/// silo reads them to deliver each chat's events to them, in seq order per chat, at least once.
/// </summary>
[Alias("chats.IWebhooksGrain")]
public interface IWebhooksGrain : IGrainWithStringKey
{
    /// <summary>Adds an endpoint with a new secret (shown in this reply only).</summary>
    [Alias("CreateAsync")]
    Task<WebhookResult> CreateAsync(WebhookDraft draft);

    /// <summary>The tenant's endpoints, oldest first, without secrets.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<Webhook>> ListAsync();

    [Alias("UpdateAsync")]
    Task<WebhookResult> UpdateAsync(WebhookUpdate update);

    /// <summary>Removes an endpoint; its backlog is dropped.</summary>
    [Alias("DeleteAsync")]
    Task<WebhookOutcome> DeleteAsync(string webhookId);

    /// <summary>A new secret (shown in this reply only); deliveries carry signatures of both for a while.</summary>
    [Alias("RotateSecretAsync")]
    Task<WebhookResult> RotateSecretAsync(string webhookId);

    /// <summary>Sends the endpoint's backlog again at once: its failing chats retry now, and it is active again.</summary>
    [Alias("RetryAsync")]
    Task<WebhookResult> RetryAsync(string webhookId);

    /// <summary>The endpoint's failing chats, optionally only those of one status.</summary>
    [Alias("ListDeliveriesAsync")]
    Task<WebhookDeliveries> ListDeliveriesAsync(string webhookId, WebhookDeliveryStatus? status);

    /// <summary>Sets (with a new secret) or removes the tenant's before-send hook.</summary>
    [Alias("SetBeforeSendHookAsync")]
    Task<BeforeSendHookResult> SetBeforeSendHookAsync(BeforeSendHookDraft draft);

    /// <summary>The tenant's before-send hook with its secret (gateways call it with each message), or null.</summary>
    [Alias("GetBeforeSendHookAsync"), Orleans.Concurrency.AlwaysInterleave]
    Task<BeforeSendHook?> GetBeforeSendHookAsync();

    /// <summary>The grain key of a tenant's endpoints.</summary>
    static string GrainKeyOf(string tenant) => TenantKeys.Scope(tenant, "webhooks");
}
