using System.Globalization;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Chats.Testing;

/// <summary>Builds Orleans test clusters (silos in this process, real TCP) that run the Chats grains on a real Azurite.</summary>
public static class TestClusters
{
    /// <summary>The default tail in tests: small, so that they also exercise the pages and id checks served from storage.</summary>
    public const int TailSize = 10;

    /// <summary>Starts a cluster, with extra <see cref="ISiloConfigurator"/> and <see cref="IClientBuilderConfigurator"/> types.</summary>
    public static async Task<TestCluster> StartAsync(
        AzuriteProcess azurite,
        short silos = 2,
        string? serviceId = null,
        Type[]? siloConfigurators = null,
        Type[]? clientConfigurators = null,
        int? tailSize = TailSize)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        // Configurators are created from their type, so settings reach them through the silo's configuration.
        builder.Properties["Chats:Storage:ConnectionString"] = azurite.ConnectionString;
        if (tailSize is { } size)
        {
            builder.Properties["Chats:Grains:TailSize"] = size.ToString(CultureInfo.InvariantCulture);
        }
        builder.AddSiloBuilderConfigurator<ChatsSiloConfigurator>();
        foreach (var configurator in siloConfigurators ?? [])
        {
            builder.Options.SiloBuilderConfiguratorTypes.Add(configurator.AssemblyQualifiedName!);
        }

        foreach (var configurator in clientConfigurators ?? [])
        {
            builder.Options.ClientBuilderConfiguratorTypes.Add(configurator.AssemblyQualifiedName!);
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops every silo, then releases the cluster, as Orleans' own fixtures do.</summary>
    public static async Task StopAsync(TestCluster cluster)
    {
        try
        {
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private sealed class ChatsSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddChats();
    }
}
