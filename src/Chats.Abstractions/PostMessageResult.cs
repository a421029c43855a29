namespace Chats;

/// <summary>The outcome of posting a message, with the stored message when there is one.</summary>
[GenerateSerializer, Immutable, Alias("chats.post-message-result")]
public sealed record class PostMessageResult(PostMessageOutcome Outcome, ChatMessage? Message)
{
    public static PostMessageResult ChatNotFound { get; } = new(PostMessageOutcome.ChatNotFound, null);

    public static PostMessageResult NotAMember { get; } = new(PostMessageOutcome.NotAMember, null);
}
