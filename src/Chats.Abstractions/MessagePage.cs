namespace Chats;

/// <summary>
/// One page of a chat's history, newest first; <see cref="ChatFound"/> is false for an unknown chat id,
/// and <see cref="ReaderNotAMember"/> true (with no messages) when the query named a reader who is not a member.
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.message-page")]
public sealed record class MessagePage(bool ChatFound, IReadOnlyList<ChatMessage> Messages, bool ReaderNotAMember = false)
{
    public static MessagePage NotFound { get; } = new(false, []);

    public static MessagePage NotAMember { get; } = new(true, [], ReaderNotAMember: true);
}
