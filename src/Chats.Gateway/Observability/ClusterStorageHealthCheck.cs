using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chats.Gateway.Observability;

/// <summary>Ready when a grain call reaches a silo and that silo can write to storage, within a few seconds.</summary>
internal sealed class ClusterStorageHealthCheck(IClusterClient cluster) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await cluster.GetGrain<IStorageProbeGrain>(0).ProbeAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The cluster answers and storage is writable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
