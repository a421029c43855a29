namespace Chats.Hosting;

/// <summary>How silos and gateways find each other. Bound from the <c>Chats:Cluster</c> configuration section.</summary>
public sealed class ChatsClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Chats:Cluster";

    /// <summary>
    /// <c>Localhost</c> (one silo or a few on one machine, the default), <c>AzureTable</c> (membership in
    /// the storage account the grains use; any number of silos) or <c>Redis</c> (membership in Redis).
    /// </summary>
    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    /// <summary>The Redis connection string when <see cref="Membership"/> is Redis.</summary>
    public string RedisConnectionString { get; set; } = "127.0.0.1:6379";

    /// <summary>
    /// The storage connection string for AzureTable membership: the one of <c>Chats:Storage:ConnectionString</c>,
    /// which <see cref="ChatsClusteringExtensions.GetChatsClusterOptions"/> copies here; Azurite on 127.0.0.1:10002 when unset.
    /// </summary>
    public string StorageConnectionString { get; set; } = Chats.LocalStorage.AzuriteConnectionString;

    /// <summary>The table of the membership with AzureTable membership.</summary>
    public string MembershipTableName { get; set; } = "ChatsMembership";

    /// <summary>The cluster id: silos and gateways with the same one form one cluster.</summary>
    public string ClusterId { get; set; } = "chats";

    /// <summary>The service id: stable across deployments, part of every grain-state key.</summary>
    public string ServiceId { get; set; } = "chats";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port gateways (Orleans clients) connect to the silo on.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With Redis or AzureTable membership: the host name other silos and gateways reach this silo at; empty means 127.0.0.1.</summary>
    public string AdvertisedHost { get; set; } = string.Empty;

    /// <summary>How long a grain call may take before it fails (and a gateway answers 503); also bounds calls caught by a silo's death.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a silo waits for a probe reply from another before counting it missed (Orleans' ProbeTimeout).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many missed probes make a silo suspect another (Orleans' NumMissedProbesLimit).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>With Localhost membership: the silo port of the first silo, which the others join.</summary>
    public int PrimarySiloPort { get; set; } = 11111;
}
