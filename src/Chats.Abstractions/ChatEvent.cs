namespace Chats;

/// <summary>
/// One change of a chat, at its place in the chat's event sequence. <see cref="Seq"/> starts at 1 and
/// is consecutive within the chat; an event is durable, in the same storage transaction as the change
/// it records, before the call that made it is answered.
/// </summary>
/// <param name="At">When the change was made (for <c>message.new</c>, the message's <c>sent_at</c>).</param>
/// <param name="UserId">
/// Who made it: the author, the editor, the reacting or reading user, the member who changed the
/// members or the chat (a leave is a removal by oneself); null when the service (a server key) did.
/// </param>
/// <param name="Message">The message as it is after the change (message.* and reaction.* events), without <see cref="ChatMessage.OwnReactions"/>.</param>
/// <param name="Members">Who was added, removed or given a role (member.* events).</param>
/// <param name="Chat">The chat's name and metadata after a chat.updated.</param>
[GenerateSerializer, Immutable, Alias("chats.chat-event")]
public sealed record class ChatEvent(
    ChatEventType Type,
    long Seq,
    string ChatId,
    DateTimeOffset At,
    string? UserId,
    ChatMessage? Message = null,
    MessageReaction? Reaction = null,
    ReadMarker? Read = null,
    MemberChange? Members = null,
    ChatProfile? Chat = null);

/// <summary>The users a member.* event is about, and for member.updated their new role.</summary>
[GenerateSerializer, Immutable, Alias("chats.member-change")]
public sealed record class MemberChange(IReadOnlyList<string> UserIds, ChatRole? Role = null);

/// <summary>A chat's name and metadata (null: none).</summary>
[GenerateSerializer, Immutable, Alias("chats.chat-profile")]
public sealed record class ChatProfile(string? Name, IReadOnlyDictionary<string, string>? Metadata);

/// <summary>The kinds of <see cref="ChatEvent"/>; their API names are in <see cref="ChatEventTypes"/>.</summary>
[GenerateSerializer, Alias("chats.chat-event-type")]
public enum ChatEventType
{
    MessageNew = 0,
    MessageUpdated = 1,
    MessageDeleted = 2,
    ReactionNew = 3,
    ReactionDeleted = 4,
    MessageRead = 5,
    MemberAdded = 6,
    MemberRemoved = 7,
    MemberUpdated = 8,
    ChatUpdated = 9,
}

/// <summary>The names events have in the API (<c>type</c>, and the SSE <c>event:</c> field).</summary>
public static class ChatEventTypes
{
    public static string NameOf(ChatEventType type) => type switch
    {
        ChatEventType.MessageNew => "message.new",
        ChatEventType.MessageUpdated => "message.updated",
        ChatEventType.MessageDeleted => "message.deleted",
        ChatEventType.ReactionNew => "reaction.new",
        ChatEventType.ReactionDeleted => "reaction.deleted",
        ChatEventType.MessageRead => "message.read",
        ChatEventType.MemberAdded => "member.added",
        ChatEventType.MemberRemoved => "member.removed",
        ChatEventType.MemberUpdated => "member.updated",
        ChatEventType.ChatUpdated => "chat.updated",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>One user's reaction of one type to one message.</summary>
[GenerateSerializer, Immutable, Alias("chats.message-reaction")]
public sealed record class MessageReaction(string MessageId, string UserId, string Type, DateTimeOffset CreatedAt);

/// <summary>A user's read marker in a chat: every message sent at or before <see cref="LastReadAt"/> is read.</summary>
[GenerateSerializer, Immutable, Alias("chats.read-marker")]
public sealed record class ReadMarker(string ChatId, string UserId, DateTimeOffset LastReadAt);
