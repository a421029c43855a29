using System.ComponentModel.DataAnnotations;

namespace Chats.Gateway.Extensions;

/// <summary>Request rate limits: a token bucket per API key and per user-token user; an open service has none. Bound from <c>Chats:RateLimit</c>.</summary>
public sealed class ChatsRateLimitOptions
{
    public const string Section = "Chats:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second per key.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>How many requests a key may make at once after being idle (the bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;

    /// <summary>Sustained requests per second per user signed in with a user token.</summary>
    [Range(1, 1_000_000)]
    public int UserPermitsPerSecond { get; set; } = 20;

    /// <summary>The bucket's size per user signed in with a user token.</summary>
    [Range(1, 1_000_000)]
    public int UserBurst { get; set; } = 40;
}
