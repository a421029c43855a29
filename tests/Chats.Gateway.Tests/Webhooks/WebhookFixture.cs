namespace Chats.Tests.Webhooks;

/// <summary>
/// A two-silo cluster whose webhook retries are quick (1 s, 2 s; then failing, retried hourly) and
/// whose silos re-read endpoints every second, an open gateway in front of it, and one receiver.
/// </summary>
public sealed class WebhookFixture : AzuriteClusterFixture, IAsyncLifetime
{
    public GatewayFactory Gateway { get; private set; } = null!;

    protected override void ConfigureCluster(TestClusterSettings settings)
    {
        settings.Properties["Chats:Webhooks:RetrySchedule:0"] = "00:00:00";
        settings.Properties["Chats:Webhooks:RetrySchedule:1"] = "00:00:01";
        settings.Properties["Chats:Webhooks:RetrySchedule:2"] = "00:00:02";
        settings.Properties["Chats:Webhooks:FailedRetryInterval"] = "01:00:00";
        settings.Properties["Chats:Webhooks:EndpointCacheTime"] = "00:00:01";
    }

    protected override Task OnClusterStartedAsync()
    {
        Gateway = new GatewayFactory(Cluster);
        return Task.CompletedTask;
    }

    protected override async ValueTask OnStoppingAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = nameof(WebhookCollection);
}
