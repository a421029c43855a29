using Orleans.Runtime;

namespace Chats.Gateway.Clustering;

/// <summary>Keeps the gateway trying to reach the cluster (the silo may still be starting), telling the operator each time.</summary>
internal sealed partial class ClusterConnectionRetryFilter(ILogger<ClusterConnectionRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogWarningCannotConnect(exception.GetType().Name, exception.Message);
        await Task.Delay(Pause, cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = (int)LogEvents.ClusterConnectionRetry, Level = LogLevel.Warning, Message = "Cannot reach the Orleans cluster yet ({ExceptionType}: {Reason}); retrying in 1 s")]
    private partial void LogWarningCannotConnect(string exceptionType, string reason);
}
