using Chats.Hosting;
using Orleans.Concurrency;

namespace Chats;

/// <summary>
/// Answers readiness probes on whichever silo is nearest (a stateless worker): the call proves the
/// cluster answers, the upsert that storage is writable. One row per silo, overwritten each time.
/// </summary>
[StatelessWorker]
internal sealed class StorageProbeGrain(ChatsTableClients tables, IOptions<ChatsStorageOptions> options, ILocalSiloDetails silo)
    : Grain, IStorageProbeGrain
{
    public async Task ProbeAsync()
    {
        try
        {
            var table = tables.Service.GetTableClient(options.Value.GrainStateTableName);
            var row = new TableEntity("readiness-probe", silo.SiloAddress.ToParsableString().Replace('/', '_').Replace(':', '_'))
            {
                ["CheckedAt"] = DateTimeOffset.UtcNow,
            };
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        }
        catch (Exception exception) when (exception is RequestFailedException or TimeoutException or OperationCanceledException or AggregateException)
        {
            throw new ChatStorageUnavailableException("Storage did not accept the readiness probe's write: " + exception.Message);
        }
    }
}
