namespace Chats.Gateway.Streaming;

/// <summary>
/// Renews the gateway's chat subscriptions every <see cref="ChatStreamOptions.RenewInterval"/>, and ends
/// every stream as soon as the gateway starts stopping (before Kestrel waits for open requests to finish).
/// </summary>
internal sealed partial class ChatStreamRenewalService(
    ChatStreamHub hub, ConnectRegistry connections, UserListFeeds lists, PresenceHub presence, IHostApplicationLifetime lifetime, IOptions<ChatStreamOptions> options, ILogger<ChatStreamRenewalService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var endOnStop = lifetime.ApplicationStopping.Register(() =>
        {
            LogInformationEndingStreams(hub.FeedCount);
            hub.EndAll(StreamEndedException.ShuttingDown());
            connections.EndAll(StreamEndedException.ShuttingDown());
        });

        using var timer = new PeriodicTimer(options.Value.RenewInterval);
        for (var tick = 1; await timer.WaitForNextTickAsync(stoppingToken); tick++)
        {
            try
            {
                // Presence leases every third renewal (15 s by default): a lease lasts 45 s.
                await Task.WhenAll(hub.RenewAllAsync(stoppingToken), lists.RenewAllAsync(), presence.RenewAllAsync(),
                    tick % 3 == 0 ? connections.RenewPresenceAsync() : Task.CompletedTask);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWarningRenewalFailed(exception);
            }
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.RenewalFailed, Level = LogLevel.Warning, Message = "Renewing stream subscriptions failed")]
    private partial void LogWarningRenewalFailed(Exception exception);

    [LoggerMessage(EventId = (int)LogEvents.GatewayStoppingStreams, Level = LogLevel.Information, Message = "Gateway stopping: ending the streams of {ChatCount} chats; clients will reconnect elsewhere")]
    private partial void LogInformationEndingStreams(int chatCount);
}
