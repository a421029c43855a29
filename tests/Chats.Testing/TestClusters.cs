using System.Globalization;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Chats.Testing;

/// <summary>Builds Orleans test clusters (silos in this process, real TCP) that run the Chats grains on a real Azurite.</summary>
public static class TestClusters
{
    /// <summary>The default tail in tests: small, so that they also exercise the pages and id checks served from storage.</summary>
    public const int TailSize = 10;

    // How long stopping or releasing a cluster may take before it is reported and left.
    private static readonly TimeSpan ShutdownLimit = TimeSpan.FromSeconds(90);

    /// <summary>Starts a cluster, with extra <see cref="ISiloConfigurator"/> and <see cref="IClientBuilderConfigurator"/> types.</summary>
    public static Task<TestCluster> StartAsync(
        AzuriteProcess azurite,
        short silos = 2,
        string? serviceId = null,
        Type[]? siloConfigurators = null,
        Type[]? clientConfigurators = null,
        int? tailSize = TailSize)
    {
        var settings = new TestClusterSettings { Silos = silos, ServiceId = serviceId, TailSize = tailSize };
        settings.SiloConfigurators.AddRange(siloConfigurators ?? []);
        settings.ClientConfigurators.AddRange(clientConfigurators ?? []);
        return StartAsync(azurite, settings);
    }

    /// <summary>Starts a cluster as <paramref name="settings"/> say.</summary>
    public static async Task<TestCluster> StartAsync(AzuriteProcess azurite, TestClusterSettings settings)
    {
        var builder = new TestClusterBuilder(settings.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        if (settings.ServiceId is not null)
        {
            builder.Options.ServiceId = settings.ServiceId;
        }

        // Configurators are created from their type, so settings reach them through the silo's configuration.
        builder.Properties["Chats:Storage:ConnectionString"] = azurite.ConnectionString;
        foreach (var (name, account) in settings.MessageAccounts)
        {
            builder.Properties[$"Chats:Storage:MessageAccounts:{name}"] = account.ConnectionString;
        }

        if (settings.TailSize is { } size)
        {
            builder.Properties["Chats:Grains:TailSize"] = size.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings.Properties)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<ChatsSiloConfigurator>();
        foreach (var configurator in settings.SiloConfigurators)
        {
            builder.Options.SiloBuilderConfiguratorTypes.Add(configurator.AssemblyQualifiedName!);
        }

        foreach (var configurator in settings.ClientConfigurators)
        {
            builder.Options.ClientBuilderConfiguratorTypes.Add(configurator.AssemblyQualifiedName!);
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>
    /// Stops every silo, then releases the cluster, as Orleans' own fixtures do. Each step is bounded: a
    /// shutdown that stalls (what the tests check is done by then) is reported and left, so it cannot
    /// hold the whole run until CI's limit.
    /// </summary>
    public static async Task StopAsync(TestCluster cluster)
    {
        try
        {
            await BoundedAsync(cluster.StopAllSilosAsync(), "stopping the test cluster's silos");
        }
        finally
        {
            await BoundedAsync(cluster.DisposeAsync().AsTask(), "releasing the test cluster");
        }
    }

    private static async Task BoundedAsync(Task step, string what)
    {
        try
        {
            await step.WaitAsync(ShutdownLimit);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"[chats tests] {what} took over {ShutdownLimit.TotalSeconds:F0} s; left running.");
        }
    }

    private sealed class ChatsSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddChats();
    }
}
