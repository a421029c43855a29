using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chats.Gateway.Observability;

/// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: the cluster answers and storage is writable (503 otherwise).</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddChatsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterStorageHealthCheck>("cluster-and-storage", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapChatsHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    // {"status": "Healthy" | "Unhealthy", "checks": {name: {"status", "description"}}}
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
