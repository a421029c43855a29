namespace Chats;

/// <summary>The answer to <see cref="IChatGrain.SubscribeAsync"/>.</summary>
/// <param name="ChatFound">False when no chat has this id; nothing was subscribed.</param>
/// <param name="ActivationId">
/// Identifies the chat's current activation. If it changes between two renewals the chat was
/// reactivated (a failover, say) and messages in between may not have been delivered.
/// </param>
/// <param name="WasSubscribed">Whether the observer was still subscribed before this call.</param>
[GenerateSerializer, Immutable, Alias("chats.chat-subscription")]
public sealed record class ChatSubscription(bool ChatFound, Guid ActivationId, bool WasSubscribed)
{
    public static ChatSubscription NotFound { get; } = new(false, Guid.Empty, false);
}
