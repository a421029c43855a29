using System.Security.Cryptography;
using Chats.Hosting;

namespace Chats.Webhooks;

/// <summary>
/// One tenant's webhook endpoints, durable before a change is answered, and the chats whose delivery
/// is failing (in memory: a chat that still fails reports again at its next attempt). A new endpoint
/// is answered once every silo's copy of the list has surely been read again, and receives the events
/// from then on.
/// </summary>
internal sealed partial class WebhooksGrain(
    [PersistentState("webhooks", GrainStorageNames.Chats)] IPersistentState<WebhooksState> state,
    WebhookAddressPolicy policy,
    IOptions<ChatsWebhookOptions> options,
    TimeProvider time,
    ILogger<WebhooksGrain> logger) : Grain, IWebhooksGrain, IWebhookRegistryGrain
{
    private const int MaxFailingChatsKept = 1000;

    private readonly Dictionary<string, Dictionary<string, WebhookDelivery>> _failing = new(StringComparer.Ordinal);

    private List<WebhookEndpoint> Endpoints => state.State.Endpoints;

    public async Task<WebhookResult> CreateAsync(WebhookDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Endpoints.Count >= options.Value.MaxEndpointsPerTenant)
        {
            return new WebhookResult(WebhookOutcome.TooMany, Reason: $"A tenant has at most {options.Value.MaxEndpointsPerTenant} endpoints");
        }

        if (policy.RefuseUrl(draft.Url) is { } refused)
        {
            return new WebhookResult(WebhookOutcome.UrlRefused, Reason: refused);
        }

        var wait = options.Value.EndpointCacheTime;
        var endpoint = new WebhookEndpoint
        {
            Id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Url = draft.Url,
            EventTypes = [.. draft.EventTypes],
            Description = draft.Description,
            CreatedAt = time.GetUtcNow() + wait,
            Secret = WebhookHttp.NewSecret(),
        };
        Endpoints.Add(endpoint);
        await SaveAsync();
        LogInformationCreated(endpoint.Id, this.GetPrimaryKeyString(), endpoint.Url);

        // Answered once every silo reads the list again, so each event after the answer is delivered.
        await Task.Delay(wait, time);
        return new WebhookResult(WebhookOutcome.Done, endpoint.ToWebhook(endpoint.Secret));
    }

    public Task<IReadOnlyList<Webhook>> ListAsync() => Task.FromResult<IReadOnlyList<Webhook>>([.. Endpoints.Select(endpoint => endpoint.ToWebhook())]);

    public async Task<WebhookResult> UpdateAsync(WebhookUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (Find(update.Id) is not { } endpoint)
        {
            return new WebhookResult(WebhookOutcome.NotFound);
        }

        if (update.Url is { } url && policy.RefuseUrl(url) is { } refused)
        {
            return new WebhookResult(WebhookOutcome.UrlRefused, Reason: refused);
        }

        endpoint.Url = update.Url ?? endpoint.Url;
        endpoint.EventTypes = update.EventTypes is { } types ? [.. types] : endpoint.EventTypes;
        endpoint.Description = update.Description ?? endpoint.Description;
        if (update.Disabled is { } disabled && disabled != (endpoint.Status == WebhookStatus.Disabled))
        {
            endpoint.Status = disabled ? WebhookStatus.Disabled : WebhookStatus.Active;
            endpoint.StatusReason = disabled ? "disabled by UpdateWebhook" : null;
            endpoint.EnabledAt = disabled ? endpoint.EnabledAt : time.GetUtcNow() + options.Value.EndpointCacheTime;
            _failing.Remove(endpoint.Id);
        }

        await SaveAsync();
        return new WebhookResult(WebhookOutcome.Done, endpoint.ToWebhook());
    }

    public async Task<WebhookOutcome> DeleteAsync(string webhookId)
    {
        if (Find(webhookId) is not { } endpoint)
        {
            return WebhookOutcome.NotFound;
        }

        Endpoints.Remove(endpoint);
        _failing.Remove(webhookId);
        await SaveAsync();
        return WebhookOutcome.Done;
    }

    public async Task<WebhookResult> RotateSecretAsync(string webhookId)
    {
        if (Find(webhookId) is not { } endpoint)
        {
            return new WebhookResult(WebhookOutcome.NotFound);
        }

        endpoint.PreviousSecret = endpoint.Secret;
        endpoint.PreviousSecretUntil = time.GetUtcNow() + options.Value.SecretOverlap;
        endpoint.Secret = WebhookHttp.NewSecret();
        await SaveAsync();
        return new WebhookResult(WebhookOutcome.Done, endpoint.ToWebhook(endpoint.Secret));
    }

    public async Task<WebhookResult> RetryAsync(string webhookId)
    {
        if (Find(webhookId) is not { } endpoint)
        {
            return new WebhookResult(WebhookOutcome.NotFound);
        }

        if (endpoint.Status != WebhookStatus.Disabled)
        {
            endpoint.Status = WebhookStatus.Active;
            endpoint.StatusReason = null;
        }

        endpoint.RetryGeneration++;
        await SaveAsync();
        if (_failing.Remove(webhookId, out var chats))
        {
            foreach (var chatKey in chats.Keys)
            {
                GrainFactory.GetGrain<IChatWebhooksGrain>(chatKey).RetryNowAsync(webhookId).Ignore();
            }
        }

        return new WebhookResult(WebhookOutcome.Done, endpoint.ToWebhook());
    }

    public Task<WebhookDeliveries> ListDeliveriesAsync(string webhookId, WebhookDeliveryStatus? status) =>
        Task.FromResult(Find(webhookId) is null
            ? new WebhookDeliveries(false, [])
            : new WebhookDeliveries(true, [.. (_failing.GetValueOrDefault(webhookId)?.Values.AsEnumerable() ?? [])
                .Where(delivery => status is null || delivery.Status == status)
                .OrderBy(delivery => delivery.LastAttemptAt)]));

    public async Task<BeforeSendHookResult> SetBeforeSendHookAsync(BeforeSendHookDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Url is { } url && policy.RefuseUrl(url) is { } refused)
        {
            return new BeforeSendHookResult(WebhookOutcome.UrlRefused, Reason: refused);
        }

        state.State.BeforeSend = draft.Url is { } hookUrl ? new BeforeSendHook(hookUrl, WebhookHttp.NewSecret(), draft.Budget, draft.FailClosed) : null;
        await SaveAsync();
        return new BeforeSendHookResult(WebhookOutcome.Done, state.State.BeforeSend);
    }

    public Task<BeforeSendHook?> GetBeforeSendHookAsync() => Task.FromResult(state.State.BeforeSend);

    public Task<WebhookTargets?> GetTargetsAsync(long knownVersion) => Task.FromResult(knownVersion == state.State.Version
        ? null
        : new WebhookTargets(state.State.Version, [.. Endpoints.Select(endpoint => endpoint.ToTarget(time.GetUtcNow()))]));

    public async Task ReportFailureAsync(WebhookDelivery delivery)
    {
        if (Find(delivery.WebhookId) is not { } endpoint)
        {
            return;
        }

        var chats = _failing.TryGetValue(delivery.WebhookId, out var known) ? known : _failing[delivery.WebhookId] = new(StringComparer.Ordinal);
        if (chats.Count < MaxFailingChatsKept || chats.ContainsKey(delivery.ChatKey))
        {
            chats[delivery.ChatKey] = delivery;
        }

        LogWarningDeliveryFailed(delivery.WebhookId, endpoint.Url, delivery.ChatKey, delivery.Seq, delivery.Attempts, delivery.LastError);
        if (delivery.Status == WebhookDeliveryStatus.Failed && endpoint.Status == WebhookStatus.Active)
        {
            endpoint.Status = WebhookStatus.Failing;
            endpoint.StatusReason = $"retries ran out: {delivery.LastError}";
            await SaveAsync();
        }
    }

    public async Task ReportRecoveredAsync(string webhookId, string chatKey)
    {
        if (!_failing.TryGetValue(webhookId, out var chats) || !chats.Remove(chatKey) || Find(webhookId) is not { } endpoint)
        {
            return;
        }

        if (endpoint.Status == WebhookStatus.Failing && !chats.Values.Any(delivery => delivery.Status == WebhookDeliveryStatus.Failed))
        {
            endpoint.Status = WebhookStatus.Active;
            endpoint.StatusReason = null;
            await SaveAsync();
        }
    }

    public async Task ReportGoneAsync(string webhookId, string reason)
    {
        if (Find(webhookId) is not { Status: not WebhookStatus.Disabled } endpoint)
        {
            return;
        }

        endpoint.Status = WebhookStatus.Disabled;
        endpoint.StatusReason = reason;
        LogWarningGone(webhookId, endpoint.Url);
        await SaveAsync();
    }

    private WebhookEndpoint? Find(string webhookId) => Endpoints.Find(endpoint => endpoint.Id == webhookId);

    private Task SaveAsync()
    {
        state.State.Version++;
        return state.WriteStateAsync();
    }

    [LoggerMessage(EventId = (int)Diagnostics.LogEvents.WebhookCreated, Level = LogLevel.Information, Message = "Webhook {WebhookId} of {TenantKey} created: {Url}")]
    private partial void LogInformationCreated(string webhookId, string tenantKey, string url);

    [LoggerMessage(EventId = (int)Diagnostics.LogEvents.WebhookDeliveryFailed, Level = LogLevel.Warning,
        Message = "Webhook {WebhookId} ({Url}) failed for chat {ChatKey} at seq {Seq}, attempt {Attempts}: {Error}")]
    private partial void LogWarningDeliveryFailed(string webhookId, string url, string chatKey, long seq, int attempts, string error);

    [LoggerMessage(EventId = (int)Diagnostics.LogEvents.WebhookGone, Level = LogLevel.Warning, Message = "Webhook {WebhookId} ({Url}) answered 410 Gone: disabled")]
    private partial void LogWarningGone(string webhookId, string url);
}
