using System.ComponentModel.DataAnnotations;

namespace Chats.Hosting;

/// <summary>How webhooks are delivered and which URLs they may target. Bound from <c>Chats:Webhooks</c>.</summary>
public sealed class ChatsWebhookOptions : IValidatableObject
{
    public const string Section = "Chats:Webhooks";

    /// <summary>Endpoints a tenant may have.</summary>
    [Range(1, 100)]
    public int MaxEndpointsPerTenant { get; set; } = 10;

    /// <summary>The waits the schedule has unless <see cref="RetrySchedule"/> is set: Svix's eight attempts.</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// The wait before each attempt of one event (the first is the first attempt's); when the last
    /// attempt fails, the endpoint is failing. Empty: <see cref="DefaultRetrySchedule"/> (an array the
    /// configuration binder would append to, not replace, if it were the default here).
    /// </summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    /// <summary>The schedule in force.</summary>
    public TimeSpan[] Schedule => RetrySchedule.Length > 0 ? RetrySchedule : DefaultRetrySchedule;

    /// <summary>How often a chat whose attempts ran out tries its oldest event again (RetryWebhook tries at once).</summary>
    public TimeSpan FailedRetryInterval { get; set; } = TimeSpan.FromHours(10);

    /// <summary>How long one attempt may take, connection included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the previous secret still signs deliveries after a rotation.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a chat's delivery positions are written while they move (a crash repeats at most this much).</summary>
    public TimeSpan PositionWriteInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a silo keeps a tenant's endpoints before reading them again.</summary>
    public TimeSpan EndpointCacheTime { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetrySchedule.Any(wait => wait < TimeSpan.Zero))
        {
            yield return new ValidationResult("No wait may be negative.", [nameof(RetrySchedule)]);
        }

        if (AttemptTimeout <= TimeSpan.Zero || FailedRetryInterval <= TimeSpan.Zero || PositionWriteInterval <= TimeSpan.Zero || EndpointCacheTime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(AttemptTimeout), nameof(FailedRetryInterval), nameof(PositionWriteInterval), nameof(EndpointCacheTime)]);
        }
    }
}
