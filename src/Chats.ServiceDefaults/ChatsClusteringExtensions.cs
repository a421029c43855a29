using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Chats.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Clustering.AzureStorage;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Applies <see cref="ChatsClusterOptions"/> to a silo or to a client.</summary>
public static class ChatsClusteringExtensions
{
    /// <summary>Reads <see cref="ChatsClusterOptions"/> from <see cref="ChatsClusterOptions.Section"/>.</summary>
    public static ChatsClusterOptions GetChatsClusterOptions(this IConfiguration configuration)
    {
        var options = configuration.GetSection(ChatsClusterOptions.Section).Get<ChatsClusterOptions>() ?? new ChatsClusterOptions();
        if (configuration["Chats:Storage:ConnectionString"] is { Length: > 0 } storage)
        {
            options.StorageConnectionString = storage;
        }

        return options;
    }

    public static ISiloBuilder UseChatsClustering(this ISiloBuilder silo, ChatsClusterOptions options)
    {
        // Failure detection decides how long the chats of a dead silo answer 503 before they reactivate.
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = options.ProbeTimeout;
            membership.NumMissedProbesLimit = options.MissedProbesLimit;
        });
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        if (options.Membership is ClusterMembership.Redis or ClusterMembership.AzureTable)
        {
            if (options.Membership == ClusterMembership.Redis)
            {
                silo.UseRedisClustering(options.RedisConnectionString);
            }
            else
            {
                silo.UseAzureStorageClustering(table => ConfigureTable(table, options));
            }

            silo.Configure<ClusterOptions>(cluster => SetIds(cluster, options));
            if (string.IsNullOrEmpty(options.AdvertisedHost))
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
            }
            else
            {
                silo.ConfigureEndpoints(options.AdvertisedHost, options.SiloPort, options.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            }

            return silo;
        }

        return silo.UseLocalhostClustering(
            options.SiloPort,
            options.GatewayPort,
            new IPEndPoint(IPAddress.Loopback, options.PrimarySiloPort),
            options.ServiceId,
            options.ClusterId);
    }

    public static IClientBuilder UseChatsClustering(this IClientBuilder client, ChatsClusterOptions options)
    {
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        if (options.Membership == ClusterMembership.Redis)
        {
            client.UseRedisClustering(options.RedisConnectionString);
            client.Configure<ClusterOptions>(cluster => SetIds(cluster, options));
            return client;
        }

        if (options.Membership == ClusterMembership.AzureTable)
        {
            client.UseAzureStorageClustering(table => ConfigureTable(table, options));
            client.Configure<ClusterOptions>(cluster => SetIds(cluster, options));
            return client;
        }

        return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
    }

    private static void ConfigureTable(AzureStorageOperationOptions table, ChatsClusterOptions options)
    {
        table.TableServiceClient = new TableServiceClient(options.StorageConnectionString);
        table.TableName = options.MembershipTableName;
    }

    private static void SetIds(ClusterOptions cluster, ChatsClusterOptions options)
    {
        cluster.ClusterId = options.ClusterId;
        cluster.ServiceId = options.ServiceId;
    }
}
