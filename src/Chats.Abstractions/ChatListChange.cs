namespace Chats;

/// <summary>
/// One change of a user's chat list, numbered by the list's <paramref name="Version"/> (consecutive
/// within one activation of the list, <see cref="ChatListFeed.Epoch"/>). A connection follows a chat's
/// events after <paramref name="FromSeq"/> and, for a removal, up to <paramref name="ToSeq"/>.
/// </summary>
/// <param name="FromSeq">The chat's seq the list showed before this change (for an addition, the seq it was added at: its events after it are the user's).</param>
/// <param name="ToSeq">The chat's seq the list shows after it (for a removal, the seq of the removal: the last event of the chat the user gets).</param>
[GenerateSerializer, Immutable, Alias("chats.chat-list-change")]
public sealed record class ChatListChange(long Version, ChatListChangeKind Kind, string ChatKey, long FromSeq, long ToSeq, UserChat? Chat);

/// <summary>What happened to a chat in a user's list.</summary>
[GenerateSerializer, Alias("chats.chat-list-change-kind")]
public enum ChatListChangeKind
{
    /// <summary>Listed: created with the user, or the user joined it.</summary>
    Added,

    /// <summary>Its entry changed: newest message, unread count, read markers, name, members.</summary>
    Updated,

    /// <summary>Dropped: the user left or was removed.</summary>
    Removed,
}
