namespace Chats.Webhooks;

/// <summary>
/// Where a chat's deliveries stand: per endpoint the last seq delivered (or passed over) and its
/// retries; while <see cref="Armed"/>, a reminder brings the deliveries back after a crash.
/// </summary>
[GenerateSerializer, Alias("chats.chat-webhooks-state")]
public sealed class ChatWebhooksState
{
    [Id(0)]
    public bool Armed { get; set; }

    /// <summary>Where an endpoint without a cursor starts: the chat's last seq when deliveries were last armed from idle.</summary>
    [Id(1)]
    public long BaseSeq { get; set; }

    [Id(2)]
    public Dictionary<string, WebhookCursor> Cursors { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One endpoint's position in one chat.</summary>
[GenerateSerializer, Alias("chats.webhook-cursor")]
public sealed class WebhookCursor
{
    [Id(0)]
    public long DeliveredSeq { get; set; }

    /// <summary>Failed attempts of the event after <see cref="DeliveredSeq"/>.</summary>
    [Id(1)]
    public int Attempts { get; set; }

    [Id(2)]
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The endpoint's retry generation this cursor has seen (a higher one retries at once).</summary>
    [Id(3)]
    public long RetryGeneration { get; set; }

    /// <summary>
    /// Counts a failed attempt and schedules the next: the schedule's i-th wait comes before attempt
    /// i + 1, the receiver's Retry-After instead when given (at most <paramref name="failedInterval"/>),
    /// ±10 % jitter. Returns whether the schedule has run out (then the wait is <paramref name="failedInterval"/>).
    /// </summary>
    public bool Failed(TimeSpan[] schedule, TimeSpan failedInterval, TimeSpan? retryAfter, DateTimeOffset now)
    {
        Attempts++;
        var exhausted = Attempts >= schedule.Length;
        var wait = retryAfter is { } asked
            ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, failedInterval.Ticks))
            : exhausted ? failedInterval : schedule[Attempts];
        NextAttemptAt = now + wait + wait * (Random.Shared.NextDouble() * 0.2 - 0.1);
        return exhausted;
    }
}
