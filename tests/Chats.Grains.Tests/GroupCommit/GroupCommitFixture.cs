using Orleans.TestingHost;

namespace Chats.Tests.GroupCommit;

/// <summary>A cluster whose message log store counts transactions and fails them on request.</summary>
public sealed class GroupCommitFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartNewAsync();
        Cluster = await TestClusters.StartAsync(Azurite, siloConfigurators: [typeof(InstrumentedMessageLogStore.SiloConfigurator)]);
    }

    public async Task DisposeAsync()
    {
        await TestClusters.StopAsync(Cluster);
        await Azurite.DisposeAsync();
    }
}
