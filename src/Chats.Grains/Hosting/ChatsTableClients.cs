using Azure.Core;

namespace Chats.Hosting;

/// <summary>
/// The silo's <see cref="TableServiceClient"/>s, with bounded timeouts and retries so an outage fails
/// fast: <see cref="Service"/> for the first account, and one for each message account.
/// </summary>
public sealed class ChatsTableClients(IOptions<ChatsStorageOptions> options)
{
    public TableServiceClient Service { get; } = Create(options.Value, options.Value.ConnectionString);

    /// <summary>A client of another account with the same timeouts and retries.</summary>
    public TableServiceClient ForAccount(string connectionString) => Create(options.Value, connectionString);

    private static TableServiceClient Create(ChatsStorageOptions options, string connectionString)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        return new TableServiceClient(connectionString, clientOptions);
    }
}
