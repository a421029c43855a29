using Azure.Core;

namespace Chats.Hosting;

/// <summary>The one <see cref="TableServiceClient"/> of a silo, with bounded timeouts and retries so an outage fails fast.</summary>
public sealed class ChatsTableClients(IOptions<ChatsStorageOptions> options)
{
    public TableServiceClient Service { get; } = Create(options.Value);

    private static TableServiceClient Create(ChatsStorageOptions options)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        return new TableServiceClient(options.ConnectionString, clientOptions);
    }
}
