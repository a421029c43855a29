namespace Chats;

/// <summary>
/// A member started or stopped typing in a chat. Never stored, never replayed, and without a seq:
/// observers get it as it happens, or not at all.
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.typing-notice")]
public sealed record class TypingNotice(string ChatKey, string UserId, bool Typing, DateTimeOffset At);
