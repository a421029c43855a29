using Chats.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Chats.Tests.Infrastructure;

/// <summary>Builds in-process Orleans clusters that run the Chats grains on a real Azurite.</summary>
public static class TestClusters
{
    /// <summary>A small tail, so that the tests also exercise the pages and id checks served from storage.</summary>
    public const int TailSize = 10;

    public static async Task<InProcessTestCluster> StartAsync(
        AzuriteProcess azurite,
        short silos = 2,
        string? serviceId = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddChats(storage => storage.ConnectionString = azurite.ConnectionString);
            silo.Services.Configure<ChatGrainOptions>(grains => grains.TailSize = TailSize);
            configureSilo?.Invoke(silo);
        });

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops every silo, then releases the cluster, as Orleans' own fixtures do.</summary>
    public static async Task StopAsync(InProcessTestCluster cluster)
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
}
