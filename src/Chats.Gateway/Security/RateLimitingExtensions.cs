using System.Globalization;
using System.Threading.RateLimiting;
using Chats.Gateway.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Chats.Gateway.Security;

/// <summary>ASP.NET Core rate limiting for the API routes: a token bucket per key; over it, a micro-shaped 429 with Retry-After.</summary>
public static class RateLimitingExtensions
{
    public const string PolicyName = "per-key";

    public static IServiceCollection AddChatsRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ChatsRateLimitOptions>().BindConfiguration(ChatsRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ChatsRateLimitOptions>>((limiter, bound) =>
        {
            var options = bound.Value;
            // Keyed callers share their key's bucket wherever they come from. An open service (no keys)
            // is not limited: behind a proxy every client would share one address, and one bucket.
            limiter.AddPolicy(PolicyName, context => options.Enabled && !ReferenceEquals(context.GetCaller(), ApiCaller.Anonymous)
                ? RateLimitPartition.GetTokenBucketLimiter(context.GetCaller().KeyName, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var error = MicroError.Create("TOO_MANY_REQUESTS", StatusCodes.Status429TooManyRequests,
            $"Rate limit exceeded for this API key; retry after {seconds} s");
        await error.ExecuteAsync(rejected.HttpContext);
    }
}
