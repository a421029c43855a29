namespace Chats.MessageLog;

/// <summary>A log as read: its header ETag (null before the first append), the last <c>sent_at</c>, and the newest messages, oldest first.</summary>
public sealed record class LogSnapshot(string? HeaderEtag, DateTimeOffset? LastSentAt, IReadOnlyList<ChatMessage> Tail);
