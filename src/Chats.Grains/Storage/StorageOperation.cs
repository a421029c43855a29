using Chats.Diagnostics;

namespace Chats.Storage;

/// <summary>How the table stores run one storage operation: timed for the metrics, and a transient failure turned into "unavailable".</summary>
internal static class StorageOperation
{
    /// <summary>
    /// Runs <paramref name="operation"/>, recording its duration under <paramref name="operationName"/>. A transient
    /// failure (see <see cref="StorageFaults"/>) is logged and rethrown as <see cref="ChatStorageUnavailableException"/>,
    /// which callers answer as 503: safe to retry.
    /// </summary>
    public static async Task<T> RunAsync<T>(string operationName, string what, Action<Exception> logUnavailable, Func<Task<T>> operation)
    {
        try
        {
            return await ChatsMetrics.MeasureStorageAsync(operationName, operation).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsTransient(exception))
        {
            logUnavailable(exception);
            throw new ChatStorageUnavailableException($"{what} is unavailable: {exception.Message}");
        }
    }
}
