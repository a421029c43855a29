namespace Chats.Gateway.Streaming;

/// <summary>Renews the gateway's chat subscriptions every <see cref="ChatStreamOptions.RenewInterval"/>.</summary>
internal sealed partial class ChatStreamRenewalService(ChatStreamHub hub, IOptions<ChatStreamOptions> options, ILogger<ChatStreamRenewalService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await hub.RenewAllAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWarningRenewalFailed(exception);
            }
        }
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Renewing stream subscriptions failed")]
    private partial void LogWarningRenewalFailed(Exception exception);
}
