using Chats.Diagnostics;

namespace Chats.Storage;

/// <summary>
/// One of Chats' own tables (message logs, chat lists): created before the silo takes calls, and
/// every operation run through <see cref="StorageOperation"/> (timed; a transient failure is a 503).
/// </summary>
internal abstract partial class TableStore(TableServiceClient service, string tableName, ILogger logger) : ILifecycleParticipant<ISiloLifecycle>
{
    protected TableClient Table { get; } = service.GetTableClient(tableName);

    protected ILogger Logger => logger;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.ApplicationServices, InitializeAsync);

    /// <summary>Runs one operation on <paramref name="what"/> (named in the 503 and the log), timed as <paramref name="operationName"/>.</summary>
    protected Task<T> RunAsync<T>(string operationName, string what, Func<Task<T>> operation) =>
        StorageOperation.RunAsync(operationName, what, exception => LogWarningUnavailable(logger, exception, what), operation);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        LogInformationTableReady(logger, GetType().Name, tableName);
    }

    [LoggerMessage(EventId = (int)LogEvents.TableReady, Level = LogLevel.Information, Message = "{Store} is using table {TableName}")]
    private static partial void LogInformationTableReady(ILogger logger, string store, string tableName);

    [LoggerMessage(EventId = (int)LogEvents.StorageUnavailable, Level = LogLevel.Warning, Message = "{What} is unavailable")]
    private static partial void LogWarningUnavailable(ILogger logger, Exception exception, string what);
}
