namespace Chats.Gateway.Webhooks;

/// <summary>CreateWebhook: <c>{"url", "event_types"?, "description"?}</c>; no event types: every type.</summary>
public sealed record class CreateWebhookRequest(string Url, [property: OptionalInApi] IReadOnlyList<string> EventTypes, string? Description)
    : IApiRequest<CreateWebhookRequest>
{
    public static CreateWebhookRequest Read(RequestFields fields)
    {
        var url = fields.RequiredString(nameof(Url), MicroError.BadRequest("Missing url"));
        return new CreateWebhookRequest(url, WebhookFields.EventTypes(fields) ?? [], WebhookFields.Description(fields));
    }
}

/// <summary>UpdateWebhook: <c>{"webhook_id", "url"?, "event_types"?, "description"?, "disabled"?}</c>; what is absent stays.</summary>
public sealed record class UpdateWebhookRequest(string WebhookId, string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Disabled)
    : IApiRequest<UpdateWebhookRequest>
{
    public static UpdateWebhookRequest Read(RequestFields fields) => new(
        WebhookFields.WebhookId(fields), fields.String(nameof(Url)) is { Length: > 0 } url ? url : null, WebhookFields.EventTypes(fields),
        WebhookFields.Description(fields), fields.Boolean(nameof(Disabled)));
}

/// <summary>DeleteWebhook, RotateWebhookSecret, RetryWebhook: <c>{"webhook_id"}</c>.</summary>
public sealed record class WebhookIdRequest(string WebhookId) : IApiRequest<WebhookIdRequest>
{
    public static WebhookIdRequest Read(RequestFields fields) => new(WebhookFields.WebhookId(fields));
}

/// <summary>ListWebhookDeliveries: <c>{"webhook_id", "status"?}</c>, status <c>retrying</c> or <c>failed</c>.</summary>
public sealed record class ListWebhookDeliveriesRequest(string WebhookId, string? Status) : IApiRequest<ListWebhookDeliveriesRequest>
{
    internal WebhookDeliveryStatus? StatusFilter => Status switch
    {
        "retrying" => WebhookDeliveryStatus.Retrying,
        "failed" => WebhookDeliveryStatus.Failed,
        _ => null,
    };

    public static ListWebhookDeliveriesRequest Read(RequestFields fields)
    {
        var webhookId = WebhookFields.WebhookId(fields);
        var status = fields.String(nameof(Status)) is { Length: > 0 } given ? given : null;
        return status is null or "retrying" or "failed"
            ? new ListWebhookDeliveriesRequest(webhookId, status)
            : throw new MicroErrorException(MicroError.BadRequest("status: retrying or failed (or absent: both)"));
    }
}

/// <summary>ListWebhooks: <c>{}</c>.</summary>
public sealed record class ListWebhooksRequest : IApiRequest<ListWebhooksRequest>
{
    public static ListWebhooksRequest Read(RequestFields fields) => new();
}

/// <summary>The fields the webhook requests share, read one way.</summary>
internal static class WebhookFields
{
    public const int MaxDescriptionLength = 500;

    private static readonly string[] KnownTypes = [.. Enum.GetValues<ChatEventType>().Select(ChatEventTypes.NameOf)];

    public static string WebhookId(RequestFields fields) =>
        fields.RequiredId(nameof(UpdateWebhookRequest.WebhookId), MicroError.BadRequest("Missing webhook_id"));

    public static IReadOnlyList<string>? EventTypes(RequestFields fields)
    {
        var types = fields.IdArray(nameof(CreateWebhookRequest.EventTypes), KnownTypes.Length);
        return types?.FirstOrDefault(type => !KnownTypes.Contains(type, StringComparer.Ordinal)) is { } unknown
            ? throw new MicroErrorException(MicroError.BadRequest($"event_types: unknown type \"{unknown}\"; one of {string.Join(", ", KnownTypes)}"))
            : types?.Distinct(StringComparer.Ordinal).ToList();
    }

    public static string? Description(RequestFields fields) => fields.String(nameof(CreateWebhookRequest.Description)) switch
    {
        { Length: > MaxDescriptionLength } => throw new MicroErrorException(MicroError.BadRequest($"description: at most {MaxDescriptionLength} characters")),
        var description => description,
    };
}
