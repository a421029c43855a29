namespace Chats;

/// <summary>Readiness: a round trip through the cluster that also writes to storage.</summary>
[Alias("chats.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Writes a small probe row to the grain-state table; throws when storage does not take it.</summary>
    [Alias("ProbeAsync")]
    Task ProbeAsync();
}
