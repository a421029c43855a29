namespace Chats;

/// <summary>The outcome of posting a message, with the stored message when there is one.</summary>
/// <param name="Problem">Why an attachment was refused (<see cref="PostMessageOutcome.AttachmentRefused"/>).</param>
[GenerateSerializer, Immutable, Alias("chats.post-message-result")]
public sealed record class PostMessageResult(PostMessageOutcome Outcome, ChatMessage? Message, string? Problem = null)
{
    public static PostMessageResult ChatNotFound { get; } = new(PostMessageOutcome.ChatNotFound, null);

    public static PostMessageResult NotAMember { get; } = new(PostMessageOutcome.NotAMember, null);
}
