namespace Chats;

/// <summary>How a <see cref="IChatGrain.PostMessageAsync"/> call ended.</summary>
[GenerateSerializer, Alias("chats.post-message-outcome")]
public enum PostMessageOutcome
{
    /// <summary>The message was stored durably.</summary>
    Created = 0,

    /// <summary>A message with this id already existed; the original is returned and nothing was stored.</summary>
    Duplicate = 1,

    /// <summary>No chat has this id.</summary>
    ChatNotFound = 2,

    /// <summary>The author is not a member of the chat.</summary>
    NotAMember = 3,

    /// <summary>The message it replies to is not a message of this chat.</summary>
    ReplyToNotFound = 4,

    /// <summary>An attachment is not an upload of this author to this chat, is already attached, or its file differs from what was declared.</summary>
    AttachmentRefused = 5,
}
