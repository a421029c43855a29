using Orleans.TestingHost;

namespace Chats.Testing;

/// <summary>
/// The base of every fixture that starts its own Azurite and cluster, as Orleans' BaseTestClusterFixture
/// is: a real Azurite on a free port (holding a copy of <see cref="SeedDirectory"/> when set), a test
/// cluster on it shaped by <see cref="ConfigureCluster"/>, and both stopped in reverse order. A derived
/// fixture adds <c>IAsyncLifetime</c>; these members implement it.
/// </summary>
public abstract class AzuriteClusterFixture : IAsyncDisposable
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>An Azurite data folder to start from; null: an empty one.</summary>
    protected virtual string? SeedDirectory => null;

    /// <summary>Whether Azurite's blob service runs too (attachments need it).</summary>
    protected virtual bool WithBlobs => false;

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartNewAsync(SeedDirectory, WithBlobs);
        var settings = new TestClusterSettings();
        ConfigureCluster(settings);
        Cluster = await TestClusters.StartAsync(Azurite, settings);
        await OnClusterStartedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await OnStoppingAsync();
        }
        finally
        {
            await TestClusters.StopAsync(Cluster);
            await Azurite.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The configure hook: silos, service id, configurators.</summary>
    protected virtual void ConfigureCluster(TestClusterSettings settings)
    {
    }

    /// <summary>Runs once the cluster is up (a gateway in front of it, for instance).</summary>
    protected virtual Task OnClusterStartedAsync() => Task.CompletedTask;

    /// <summary>Runs before the cluster stops (releasing what <see cref="OnClusterStartedAsync"/> made).</summary>
    protected virtual ValueTask OnStoppingAsync() => ValueTask.CompletedTask;
}
