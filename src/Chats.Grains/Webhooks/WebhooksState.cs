namespace Chats.Webhooks;

/// <summary>A tenant's endpoints, oldest first; <see cref="Version"/> moves with every change, so silos re-read only a changed list.</summary>
[GenerateSerializer, Alias("chats.webhooks-state")]
public sealed class WebhooksState
{
    [Id(0)]
    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    [Id(1)]
    public long Version { get; set; }

    /// <summary>The tenant's before-send hook, or null.</summary>
    [Id(2)]
    public BeforeSendHook? BeforeSend { get; set; }
}
