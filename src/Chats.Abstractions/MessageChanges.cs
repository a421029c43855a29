namespace Chats;

/// <summary>An edit of a message's text and/or metadata (null: unchanged).</summary>
/// <param name="UserId">Who edits: must be the author.</param>
[GenerateSerializer, Immutable, Alias("chats.message-edit")]
public sealed record class MessageEdit(string MessageId, string UserId, string? Text, IReadOnlyDictionary<string, string>? Metadata);

/// <summary>A deletion: by the author (<paramref name="UserId"/>), or by the service for anyone (<paramref name="UserId"/> null).</summary>
[GenerateSerializer, Immutable, Alias("chats.message-deletion")]
public sealed record class MessageDeletion(string MessageId, string? UserId);

/// <summary>A reaction to add or remove: one per (message, user, type).</summary>
[GenerateSerializer, Immutable, Alias("chats.reaction-change")]
public sealed record class ReactionChange(string MessageId, string UserId, string Type);

/// <summary>How a change to a chat ended. Only <see cref="Changed"/> stored something and emitted an event.</summary>
[GenerateSerializer, Alias("chats.change-outcome")]
public enum ChangeOutcome
{
    /// <summary>Stored, with its event.</summary>
    Changed = 0,

    /// <summary>Nothing to change (a repeat, an unchanged edit, an older read marker); nothing stored or emitted.</summary>
    Unchanged = 1,

    ChatNotFound = 2,

    NotAMember = 3,

    MessageNotFound = 4,

    /// <summary>Only the author may edit or delete this message.</summary>
    NotAuthor = 5,

    /// <summary>The message is deleted: it cannot be edited or reacted to.</summary>
    MessageDeleted = 6,

    /// <summary>The message has <see cref="ChatLimits.MaxReactionTypesPerMessage"/> reaction types already, or its reactions are full.</summary>
    TooManyReactions = 7,

    /// <summary>The acting member's role does not allow this change.</summary>
    NotAllowed = 8,

    /// <summary>A distinct chat's members are fixed.</summary>
    ChatIsDistinct = 9,

    /// <summary>The group would have more than its member limit.</summary>
    TooManyMembers = 10,

    /// <summary>The user whose role is to be set is not a member.</summary>
    TargetNotAMember = 11,

    /// <summary>A group keeps one owner: ownership is passed by making another member owner, not by demoting the owner.</summary>
    OwnerRequired = 12,
}

/// <summary>The outcome of an edit or deletion, with the message as it now is.</summary>
[GenerateSerializer, Immutable, Alias("chats.message-change-result")]
public sealed record class MessageChangeResult(ChangeOutcome Outcome, ChatMessage? Message = null);

/// <summary>The outcome of adding or removing a reaction, with the reaction when it exists.</summary>
[GenerateSerializer, Immutable, Alias("chats.reaction-result")]
public sealed record class ReactionResult(ChangeOutcome Outcome, MessageReaction? Reaction = null);

/// <summary>The outcome of moving a read marker, with the marker in force.</summary>
[GenerateSerializer, Immutable, Alias("chats.read-result")]
public sealed record class ReadResult(ChangeOutcome Outcome, ReadMarker? Read = null);

/// <summary>A request for a chat's events after <paramref name="AfterSeq"/>, oldest first.</summary>
/// <param name="ReaderId">When set, served only if this user is a member.</param>
[GenerateSerializer, Immutable, Alias("chats.event-page-query")]
public sealed record class EventPageQuery(long AfterSeq, int Limit, string? ReaderId = null);

/// <summary>One page of events, oldest first, and the chat's newest seq.</summary>
[GenerateSerializer, Immutable, Alias("chats.event-page")]
public sealed record class EventPage(bool ChatFound, IReadOnlyList<ChatEvent> Events, long LastSeq, bool ReaderNotAMember = false)
{
    public static EventPage NotFound { get; } = new(false, [], 0);

    public static EventPage NotAMember { get; } = new(true, [], 0, ReaderNotAMember: true);
}
