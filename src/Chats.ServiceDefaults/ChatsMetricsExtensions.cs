using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>OpenTelemetry metrics of a Chats host, exposed for Prometheus at <c>/metrics</c>.</summary>
public static class ChatsMetricsExtensions
{
    /// <summary>Orleans' own meter: grain calls (counts and latency), activations, messaging.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>.NET's own meter: GC heap sizes and pauses, thread pool queue, working set.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>Collects <see cref="OrleansMeter"/>, <see cref="RuntimeMeter"/> and <paramref name="meters"/> for the Prometheus endpoint.</summary>
    public static IServiceCollection AddChatsMetrics(this IServiceCollection services, params string[] meters)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([OrleansMeter, RuntimeMeter, .. meters])
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Serves the metrics in the Prometheus text format at <c>/metrics</c>.</summary>
    public static IEndpointConventionBuilder MapChatsMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics");
}
