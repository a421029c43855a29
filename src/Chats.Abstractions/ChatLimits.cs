namespace Chats;

/// <summary>Hard limits every caller of the grains must respect; the gateway's configurable limits sit at or below them.</summary>
public static class ChatLimits
{
    /// <summary>The page size used when a caller sets none.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>The largest page a single <see cref="IChatGrain.ListMessagesAsync"/> call returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The longest user id or message id, in UTF-16 code units.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The longest message text, in UTF-16 code units.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The most members a chat may have.</summary>
    public const int MaxMembers = 1000;

    /// <summary>The most user ids one AddMembers or RemoveMembers call may name.</summary>
    public const int MaxUsersPerMemberChange = 100;

    /// <summary>The longest chat name, in UTF-16 code units.</summary>
    public const int MaxNameLength = 256;

    /// <summary>How many of a group's members its <see cref="Chat.UserIds"/> shows (the longest-standing first).</summary>
    public const int MemberPreviewCount = 10;

    /// <summary>The most metadata keys a message may carry.</summary>
    public const int MaxMetadataKeys = 16;

    /// <summary>The longest metadata key, in UTF-16 code units.</summary>
    public const int MaxMetadataKeyLength = 64;

    /// <summary>The most a message's metadata may hold, keys and values together, in UTF-8 bytes.</summary>
    public const int MaxMetadataBytes = 4096;

    /// <summary>The longest reaction type, in UTF-16 code units.</summary>
    public const int MaxReactionTypeLength = 64;

    /// <summary>The most distinct reaction types on one message.</summary>
    public const int MaxReactionTypesPerMessage = 50;

    /// <summary>
    /// The most a message's reactions may take in storage (they are stored with the message), in bytes:
    /// about 10,000 reactions of 36-character user ids.
    /// </summary>
    public const int MaxReactionBytes = 768 * 1024;

    /// <summary>The most attachments one message may carry.</summary>
    public const int MaxAttachmentsPerMessage = 10;

    /// <summary>The longest attachment file name, in UTF-16 code units.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The longest content type an upload may declare.</summary>
    public const int MaxContentTypeLength = 127;

    /// <summary>Unread counts saturate here: a count of this value means this many or more.</summary>
    public const int MaxUnreadCount = 9999;

    /// <summary>How long a member counts as typing after the last typing call that counted.</summary>
    public static readonly TimeSpan TypingTimeout = TimeSpan.FromSeconds(6);

    /// <summary>The least time between two typing calls of one member in one chat that count; those between are accepted and dropped.</summary>
    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a connection keeps its user online without its gateway renewing it: a dead gateway's users go offline within this.</summary>
    public static readonly TimeSpan PresenceLease = TimeSpan.FromSeconds(45);

    /// <summary>A user's presence changes reach watchers at most once in this time; a flapping user's last state follows it.</summary>
    public static readonly TimeSpan PresenceDebounce = TimeSpan.FromSeconds(5);
}
