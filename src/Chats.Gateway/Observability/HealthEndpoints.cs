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

    // {"status": "Healthy" | "Unhealthy", "checks": {name: {"status", "description"}}}, with the status code the health middleware chose.
    private static Task WriteAsync(HttpContext context, HealthReport report) => JsonReplyWriter.WriteAsync(context, context.Response.StatusCode,
        new HealthReply(report.Status.ToString(), report.Entries.ToDictionary(entry => entry.Key, entry => new HealthCheckReply(entry.Value.Status.ToString(), entry.Value.Description))),
        ChatsJsonContext.Default.HealthReply);
}

/// <summary>A health report as <c>/healthz</c> and <c>/readyz</c> write it.</summary>
public sealed record class HealthReply(string Status, Dictionary<string, HealthCheckReply> Checks);

/// <summary>One check of a <see cref="HealthReply"/>.</summary>
public sealed record class HealthCheckReply(string Status, string? Description);
