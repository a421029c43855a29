using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Webhooks;

/// <summary>The tenant's webhook endpoints, managed with server keys (<see cref="ChatsAuthentication.ServerKeyPolicy"/>).</summary>
public static class WebhooksApi
{
    public static async Task<Results<JsonReply<WebhookResponse>, MicroError>> CreateWebhookAsync(
        CreateWebhookRequest request, ApiCaller caller, IClusterClient cluster) =>
        Reply(await Endpoints(caller, cluster).CreateAsync(new WebhookDraft(request.Url, request.EventTypes, request.Description)));

    public static async Task<JsonReply<ListWebhooksResponse>> ListWebhooksAsync(ListWebhooksRequest request, ApiCaller caller, IClusterClient cluster) =>
        JsonReply.Ok(new ListWebhooksResponse([.. (await Endpoints(caller, cluster).ListAsync()).Select(WebhookDto.From)]));

    public static async Task<Results<JsonReply<WebhookResponse>, MicroError>> UpdateWebhookAsync(
        UpdateWebhookRequest request, ApiCaller caller, IClusterClient cluster) =>
        Reply(await Endpoints(caller, cluster).UpdateAsync(
            new WebhookUpdate(request.WebhookId, request.Url, request.EventTypes, request.Description, request.Disabled)));

    public static async Task<Results<JsonReply<DeleteWebhookResponse>, MicroError>> DeleteWebhookAsync(
        WebhookIdRequest request, ApiCaller caller, IClusterClient cluster) =>
        await Endpoints(caller, cluster).DeleteAsync(request.WebhookId) == WebhookOutcome.Done
            ? JsonReply.Ok(new DeleteWebhookResponse())
            : MicroError.WebhookNotFound;

    public static async Task<Results<JsonReply<WebhookResponse>, MicroError>> RotateWebhookSecretAsync(
        WebhookIdRequest request, ApiCaller caller, IClusterClient cluster) =>
        Reply(await Endpoints(caller, cluster).RotateSecretAsync(request.WebhookId));

    public static async Task<Results<JsonReply<WebhookResponse>, MicroError>> RetryWebhookAsync(
        WebhookIdRequest request, ApiCaller caller, IClusterClient cluster) =>
        Reply(await Endpoints(caller, cluster).RetryAsync(request.WebhookId));

    public static async Task<Results<JsonReply<ListWebhookDeliveriesResponse>, MicroError>> ListWebhookDeliveriesAsync(
        ListWebhookDeliveriesRequest request, ApiCaller caller, IClusterClient cluster)
    {
        var deliveries = await Endpoints(caller, cluster).ListDeliveriesAsync(request.WebhookId, request.StatusFilter);
        return deliveries.Found
            ? JsonReply.Ok(new ListWebhookDeliveriesResponse([.. deliveries.Deliveries.Select(WebhookDeliveryDto.From)]))
            : MicroError.WebhookNotFound;
    }

    private static IWebhooksGrain Endpoints(ApiCaller caller, IClusterClient cluster) => cluster.GetGrain<IWebhooksGrain>(IWebhooksGrain.GrainKeyOf(caller.Tenant));

    private static Results<JsonReply<WebhookResponse>, MicroError> Reply(WebhookResult result) => result.Outcome switch
    {
        WebhookOutcome.Done => JsonReply.Ok(new WebhookResponse(WebhookDto.From(result.Webhook!))),
        WebhookOutcome.NotFound => MicroError.WebhookNotFound,
        WebhookOutcome.TooMany => MicroError.Create("TOO_MANY_WEBHOOKS", StatusCodes.Status400BadRequest, result.Reason!),
        _ => MicroError.Create("URL_REFUSED", StatusCodes.Status400BadRequest, result.Reason!),
    };
}
