namespace Chats.Testing;

/// <summary>What a test cluster runs with; a fixture's <see cref="AzuriteClusterFixture.ConfigureCluster"/> hook sets it.</summary>
public sealed class TestClusterSettings
{
    /// <summary>How many silos; two by default, so that grain calls cross silos.</summary>
    public short Silos { get; set; } = 2;

    /// <summary>The service id (part of every grain-state key); null: the test cluster's own.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Extra <c>ISiloConfigurator</c> types, created by the cluster from their type.</summary>
    public List<Type> SiloConfigurators { get; } = [];

    /// <summary>Extra <c>IClientBuilderConfigurator</c> types.</summary>
    public List<Type> ClientConfigurators { get; } = [];

    /// <summary>The chats' in-memory tail; small by default so that tests also read pages from storage.</summary>
    public int? TailSize { get; set; } = TestClusters.TailSize;

    /// <summary>More storage accounts for message logs (<c>Chats:Storage:MessageAccounts</c>): name → Azurite.</summary>
    public Dictionary<string, AzuriteProcess> MessageAccounts { get; } = [];

    /// <summary>More silo settings by configuration key (<c>Chats:Webhooks:RetrySchedule:0</c>, …).</summary>
    public Dictionary<string, string> Properties { get; } = [];
}
