namespace Chats.Hosting;

/// <summary>Where cluster membership is kept.</summary>
public enum ClusterMembership
{
    /// <summary>Silos on one machine, the first one acting as primary; no external store.</summary>
    Localhost,

    /// <summary>The membership table in Redis, for several machines.</summary>
    Redis,

    /// <summary>The membership table in Azure Table storage (the account of Chats:Storage:ConnectionString), for several silos and machines.</summary>
    AzureTable,
}
