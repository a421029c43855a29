using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Chats.Gateway.Extensions;

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
            // A server key's callers share its bucket wherever they come from; a user token's user has a
            // bucket of its own. An open service (no credentials) is not limited: behind a proxy every
            // client would share one address, and one bucket.
            limiter.AddPolicy(PolicyName, context =>
            {
                var caller = context.GetCaller();
                if (!options.Enabled || caller == ApiCaller.Anonymous)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var (permits, burst) = caller.IsUser ? (options.UserPermitsPerSecond, options.UserBurst) : (options.PermitsPerSecond, options.Burst);
                return RateLimitPartition.GetTokenBucketLimiter(caller.RateLimitPartition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = permits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
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
            $"Rate limit exceeded for this API key or user; retry after {seconds} s");
        await error.ExecuteAsync(rejected.HttpContext);
    }
}
