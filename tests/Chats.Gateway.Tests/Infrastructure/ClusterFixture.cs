namespace Chats.Tests.Infrastructure;

/// <summary>
/// One Azurite (tables and blobs), a two-silo cluster on it, and the gateway in front (open, as without keys), shared by
/// a test collection; plus one gateway with API keys (<see cref="Tests.Authentication.KeyedGateway"/>) on the same
/// cluster, started when a test first asks for it.
/// </summary>
public sealed class ClusterFixture : AzuriteClusterFixture, IAsyncLifetime
{
    private GatewayFactory? _keyedGateway;

    public GatewayFactory Gateway { get; private set; } = null!;

    protected override bool WithBlobs => true;

    /// <summary>The gateway with keys of the tenants alpha, beta and the default tenant.</summary>
    public GatewayFactory KeyedGateway => _keyedGateway ??= Tests.Authentication.KeyedGateway.Create(Cluster);

    protected override Task OnClusterStartedAsync()
    {
        Gateway = new GatewayFactory(Cluster);
        return Task.CompletedTask;
    }

    protected override async ValueTask OnStoppingAsync()
    {
        await Gateway.DisposeAsync();
        if (_keyedGateway is not null)
        {
            await _keyedGateway.DisposeAsync();
        }
    }
}
