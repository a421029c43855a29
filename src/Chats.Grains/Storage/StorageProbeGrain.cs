using Chats.Hosting;
using Chats.Storage;
using Orleans.Concurrency;

namespace Chats.Storage;

/// <summary>
/// Answers readiness probes on whichever silo is nearest (a stateless worker): the call proves the
/// cluster answers, the upsert that storage is writable. One row per silo, overwritten each time.
/// </summary>
[StatelessWorker]
internal sealed class StorageProbeGrain(ChatsTableClients tables, IOptions<ChatsStorageOptions> options, ILocalSiloDetails silo)
    : Grain, IStorageProbeGrain
{
    public Task ProbeAsync() =>
        // Not logged here: /readyz reports the failure, and a probe runs every few seconds.
        StorageOperation.RunAsync("readiness_probe", "Storage (the readiness probe's write)", static _ => { }, async () =>
        {
            var table = tables.Service.GetTableClient(options.Value.GrainStateTableName);
            var row = new TableEntity("readiness-probe", silo.SiloAddress.ToParsableString().Replace('/', '_').Replace(':', '_'))
            {
                ["CheckedAt"] = DateTimeOffset.UtcNow,
            };
            return await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        });
}
