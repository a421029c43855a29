using Orleans.Configuration;
using Orleans.Serialization.Serializers;

namespace Chats.Storage;

/// <summary>
/// Orleans grain storage on Azure Table storage: one entity per grain and state name, the serialized
/// state split over 64 KiB binary properties, and the table ETag used as the grain state's ETag so
/// a stale writer gets <see cref="InconsistentStateException"/> instead of overwriting.
/// </summary>
public sealed partial class TableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const int ChunkSize = 64 * 1024;
    private const string DataProperty = "Data";
    private const string GrainIdProperty = "GrainId";
    private const string StateNameProperty = "StateName";

    private readonly string _name;
    private readonly TableGrainStorageOptions _options;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<TableGrainStorage> _logger;
    private readonly TableClient _table;

    public TableGrainStorage(
        string name,
        TableGrainStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        ILogger<TableGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options.TableServiceClient);
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _serializer = options.GrainStorageSerializer ?? serializer;
        _activators = activators;
        _logger = logger;
        _table = options.TableServiceClient.GetTableClient(options.TableName);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<TableGrainStorage>(_name), _options.InitStage, InitializeAsync);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            LogInformationTableReady(_name, _options.TableName);
        }
        catch (Exception exception)
        {
            LogErrorInitialization(exception, _name, _options.TableName);
            throw;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ChatsMetrics.MeasureStorageAsync("state_read", () => ReadAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ChatsMetrics.MeasureStorageAsync("state_write", () => WriteAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ChatsMetrics.MeasureStorageAsync("state_clear", () => ClearAsync(stateName, grainId, grainState));

    private async Task ReadAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partitionKey, rowKey) = GetKeys(stateName, grainId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey).ConfigureAwait(false);
        if (!response.HasValue || response.Value is null)
        {
            ResetState(grainState, etag: null);
            return;
        }

        var entity = response.Value;
        var data = ReadData(entity);
        if (data is null)
        {
            // A cleared entity: the row stays so its ETag keeps fencing out stale writers.
            ResetState(grainState, entity.ETag.ToString());
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(data));
        grainState.ETag = entity.ETag.ToString();
        grainState.RecordExists = true;
    }

    private async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = _serializer.Serialize(grainState.State).ToMemory();
        if (data.Length > _options.MaxStateSize)
        {
            throw new GrainStateTooLargeException(
                $"State \"{stateName}\" of grain {grainId} is {data.Length} bytes; table grain storage \"{_name}\" accepts at most {_options.MaxStateSize}.");
        }

        var (partitionKey, rowKey) = GetKeys(stateName, grainId);
        var entity = CreateEntity(partitionKey, rowKey, stateName, grainId);
        WriteData(entity, data);
        grainState.ETag = await WriteEntityAsync(entity, grainState.ETag, grainId, stateName).ConfigureAwait(false);
        grainState.RecordExists = true;
    }

    private async Task ClearAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partitionKey, rowKey) = GetKeys(stateName, grainId);
        if (_options.DeleteStateOnClear)
        {
            if (!string.IsNullOrEmpty(grainState.ETag))
            {
                await DeleteEntityAsync(partitionKey, rowKey, grainState.ETag, grainId, stateName).ConfigureAwait(false);
            }

            ResetState(grainState, etag: null);
            return;
        }

        var entity = CreateEntity(partitionKey, rowKey, stateName, grainId);
        var etag = await WriteEntityAsync(entity, grainState.ETag, grainId, stateName).ConfigureAwait(false);
        ResetState(grainState, etag);
    }

    private (string PartitionKey, string RowKey) GetKeys(string stateName, GrainId grainId) =>
        (TableKeyEncoder.Encode($"{_serviceId}_{grainId}"), TableKeyEncoder.Encode(stateName));

    private static TableEntity CreateEntity(string partitionKey, string rowKey, string stateName, GrainId grainId)
    {
        // The readable ids are kept beside the encoded keys for operators browsing the table.
        return new TableEntity(partitionKey, rowKey)
        {
            [GrainIdProperty] = grainId.ToString(),
            [StateNameProperty] = stateName,
        };
    }

    private void ResetState<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private async Task<string> WriteEntityAsync(TableEntity entity, string? etag, GrainId grainId, string stateName)
    {
        try
        {
            var response = string.IsNullOrEmpty(etag)
                ? await _table.AddEntityAsync(entity).ConfigureAwait(false)
                : await _table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace).ConfigureAwait(false);
            return response.Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"Table storage returned no ETag for state \"{stateName}\" of grain {grainId}.");
        }
        catch (RequestFailedException exception) when (IsConditionFailure(exception))
        {
            throw Inconsistent(exception, etag, grainId, stateName);
        }
    }

    private async Task DeleteEntityAsync(string partitionKey, string rowKey, string etag, GrainId grainId, string stateName)
    {
        try
        {
            await _table.DeleteEntityAsync(partitionKey, rowKey, new ETag(etag)).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (IsConditionFailure(exception))
        {
            throw Inconsistent(exception, etag, grainId, stateName);
        }
    }

    // 409: an insert met an existing row; 412: the ETag is stale; 404: the row is gone under an update.
    private static bool IsConditionFailure(RequestFailedException exception) =>
        exception.Status is 409 or 412 or 404;

    private InconsistentStateException Inconsistent(RequestFailedException exception, string? etag, GrainId grainId, string stateName)
    {
        LogWarningConflict(_name, grainId, stateName, exception.Status);
        return new InconsistentStateException(
            $"State \"{stateName}\" of grain {grainId} was changed by another writer (table status {exception.Status}).",
            storedEtag: "Unknown",
            currentEtag: etag ?? "null",
            exception);
    }

    private static void WriteData(TableEntity entity, ReadOnlyMemory<byte> data)
    {
        for (int offset = 0, index = 0; offset < data.Length; offset += ChunkSize, index++)
        {
            var length = Math.Min(ChunkSize, data.Length - offset);
            entity[ChunkName(index)] = data.Slice(offset, length).ToArray();
        }

        // An empty serialization still marks the entity as holding a state.
        if (data.IsEmpty)
        {
            entity[DataProperty] = Array.Empty<byte>();
        }
    }

    private static byte[]? ReadData(TableEntity entity)
    {
        if (!entity.ContainsKey(DataProperty))
        {
            return null;
        }

        var chunks = new List<byte[]>();
        for (var index = 0; entity.TryGetValue(ChunkName(index), out var value) && value is byte[] chunk; index++)
        {
            chunks.Add(chunk);
        }

        return chunks.SelectMany(chunk => chunk).ToArray();
    }

    private static string ChunkName(int index) => index == 0 ? DataProperty : DataProperty + index;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Table grain storage {Name} is using table {TableName}")]
    private partial void LogInformationTableReady(string name, string tableName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Table grain storage {Name} could not create or open table {TableName}")]
    private partial void LogErrorInitialization(Exception exception, string name, string tableName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Table grain storage {Name}: stale write to state {StateName} of grain {GrainId} refused (status {Status})")]
    private partial void LogWarningConflict(string name, GrainId grainId, string stateName, int status);
}
