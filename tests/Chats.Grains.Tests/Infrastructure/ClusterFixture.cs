using Orleans.TestingHost;

namespace Chats.Tests.Infrastructure;

/// <summary>One Azurite, a two-silo cluster on it, and the gateway in front, shared by a test collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartNewAsync();
        Cluster = await TestClusters.StartAsync(Azurite);
        Gateway = new GatewayFactory(Cluster);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await TestClusters.StopAsync(Cluster);
        await Azurite.DisposeAsync();
    }
}
