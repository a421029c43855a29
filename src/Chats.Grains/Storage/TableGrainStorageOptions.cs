using Orleans.Storage;

namespace Chats.Storage;

/// <summary>Options of <see cref="TableGrainStorage"/>, named like those of Orleans' AzureTableStorageOptions.</summary>
public sealed class TableGrainStorageOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "OrleansGrainState";

    /// <summary>
    /// The largest serialized state accepted. Azurite rejects update bodies over 1 MiB of JSON, in
    /// which binary travels base64-encoded (4/3 larger), so 704 KiB is the most that can be both
    /// inserted and replaced there; Azure itself allows about 960 KiB.
    /// </summary>
    public const int DefaultMaxStateSize = 704 * 1024;

    /// <summary>The client of the storage account; required.</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>The table holding one entity per grain and state name; created at silo start.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>Whether a clear deletes the entity (true) or keeps it with no data (false, the default).</summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>The largest serialized state accepted, in bytes; larger states are refused before any I/O.</summary>
    public int MaxStateSize { get; set; } = DefaultMaxStateSize;

    /// <summary>The serializer of grain state; null uses the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>The silo lifecycle stage at which the table is created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}
