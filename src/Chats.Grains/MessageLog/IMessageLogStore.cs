namespace Chats.MessageLog;

/// <summary>
/// Durable message logs, one per chat. Every append is one atomic transaction fenced by the log's
/// header ETag, so a stale writer cannot fork the log.
/// </summary>
/// <remarks>Transient storage failures surface as <see cref="ChatStorageUnavailableException"/>.</remarks>
public interface IMessageLogStore
{
    /// <summary>Reads the log's header and its newest <paramref name="tailSize"/> messages.</summary>
    Task<LogSnapshot> LoadAsync(string chatId, int tailSize);

    /// <summary>Reads up to <paramref name="limit"/> messages older than <paramref name="sentBefore"/>, newest first.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadPageAsync(string chatId, DateTimeOffset? sentBefore, int limit);

    /// <summary>Finds the message stored under a client-supplied id.</summary>
    Task<ChatMessage?> FindByClientIdAsync(string chatId, string messageId);

    /// <summary>Finds the message sent at exactly this instant.</summary>
    Task<ChatMessage?> FindBySentAtAsync(string chatId, DateTimeOffset sentAt);

    /// <summary>Appends messages (in <c>sent_at</c> order) in one transaction, if the header still has <paramref name="headerEtag"/>.</summary>
    Task<AppendResult> AppendAsync(string chatId, string? headerEtag, IReadOnlyList<PendingAppend> messages);
}
