namespace Chats.MessageLog;

/// <summary>
/// Durable message logs, one per chat. Every write is one atomic transaction fenced by the log's
/// header ETag, so a stale writer cannot fork the log or its event sequence.
/// </summary>
/// <remarks>Transient storage failures surface as <see cref="ChatStorageUnavailableException"/>.</remarks>
internal interface IMessageLogStore
{
    /// <summary>Reads the log's header, its newest <paramref name="tailSize"/> messages and its members' read markers.</summary>
    Task<LogSnapshot> LoadAsync(string chatId, int tailSize);

    /// <summary>Reads up to <paramref name="limit"/> messages older than <paramref name="sentBefore"/>, newest first.</summary>
    Task<IReadOnlyList<StoredMessage>> ReadPageAsync(string chatId, DateTimeOffset? sentBefore, int limit);

    /// <summary>Finds the message stored under a client-supplied id, as it was created.</summary>
    Task<StoredMessage?> FindByClientIdAsync(string chatId, string messageId);

    /// <summary>Finds the message sent at exactly this instant, as it now is.</summary>
    Task<StoredMessage?> FindBySentAtAsync(string chatId, DateTimeOffset sentAt);

    /// <summary>Finds the newest message sent at or before <paramref name="at"/>.</summary>
    Task<StoredMessage?> FindNewestAtOrBeforeAsync(string chatId, DateTimeOffset at);

    /// <summary>Reads up to <paramref name="limit"/> events after <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(string chatId, long afterSeq, int limit);

    /// <summary>
    /// Writes <paramref name="writes"/> and the new <paramref name="header"/> in one transaction, if the
    /// header still has <paramref name="headerEtag"/> (null: the log has no header yet).
    /// </summary>
    Task<AppendResult> CommitAsync(string chatId, string? headerEtag, LogHeader header, IReadOnlyList<LogWrite> writes);
}

/// <summary>A log as read: its header ETag (null before the first write), header, newest messages (oldest first) and read markers.</summary>
internal sealed record class LogSnapshot(string? HeaderEtag, LogHeader Header, IReadOnlyList<StoredMessage> Tail, IReadOnlyList<(string UserId, ReadState State)> Reads);

/// <summary>One row a commit writes; <see cref="Owner"/> is the index, in its batch, of the change it belongs to.</summary>
internal abstract record class LogWrite(int Owner)
{
    /// <summary>A new message, with the idempotency record of its client-supplied id when <paramref name="ClientSuppliedId"/>.</summary>
    public sealed record class NewMessage(int Owner, StoredMessage Message, bool ClientSuppliedId) : LogWrite(Owner);

    /// <summary>A stored message as it now is.</summary>
    public sealed record class ChangedMessage(int Owner, StoredMessage Message) : LogWrite(Owner);

    public sealed record class Event(int Owner, ChatEvent ChatEvent) : LogWrite(Owner);

    public sealed record class Read(int Owner, string UserId, ReadState State) : LogWrite(Owner);
}
