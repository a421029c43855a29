namespace Chats.MessageLog;

/// <summary>
/// Durable message logs, one per chat. Every write is one atomic transaction fenced by the log's
/// header ETag, so a stale writer cannot fork the log or its event sequence.
/// </summary>
/// <remarks>Transient storage failures surface as <see cref="ChatStorageUnavailableException"/>.</remarks>
internal interface IMessageLogStore
{
    /// <summary>Reads the log's header (with its roster, if it has one) and its newest <paramref name="tailSize"/> messages.</summary>
    Task<LogSnapshot> LoadAsync(string chatKey, int tailSize);

    /// <summary>
    /// Reads up to <paramref name="limit"/> messages older than <paramref name="olderThan"/> (null: from
    /// the newest), newest first; <paramref name="header"/> (as the caller knows it) says where they are stored.
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> ReadPageAsync(string chatKey, LogHeader header, StoredMessage? olderThan, int limit);

    /// <summary>
    /// Finds the newest message sent before <paramref name="before"/> among those with a seq up to
    /// <paramref name="maxSeq"/> and those stored before events existed: a binary search over seq.
    /// </summary>
    Task<StoredMessage?> FindNewestSentBeforeAsync(string chatKey, LogHeader header, DateTimeOffset before, long maxSeq);

    /// <summary>
    /// Finds a message that may be older than the tail, as it now is, by its id: a server-assigned id
    /// says where it is stored; a client-supplied one (with <see cref="MessageIdKinds.Any"/>) is read
    /// through its idempotency record. Only messages up to <paramref name="header"/> are looked for.
    /// </summary>
    Task<StoredMessage?> FindMessageAsync(string chatKey, string messageId, LogHeader header, MessageIdKinds kinds);

    /// <summary>
    /// Reads the events with a seq in (<paramref name="afterSeq"/>, <paramref name="lastSeq"/>], oldest
    /// first (at most 1,000). Every seq up to <paramref name="lastSeq"/> must be durable: they are read by
    /// several requests, which a commit landing between them must not split.
    /// </summary>
    Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(string chatKey, LogHeader header, long afterSeq, long lastSeq);

    /// <summary>
    /// Writes <paramref name="writes"/> and the new <paramref name="header"/> in one transaction, if the
    /// header still has <paramref name="headerEtag"/> (null: the log has no header yet). Stores nothing
    /// and says <see cref="CommitStatus.TooLarge"/> when they do not fit in one transaction.
    /// </summary>
    Task<CommitResult> CommitAsync(string chatKey, string? headerEtag, LogHeader header, IReadOnlyList<LogWrite> writes);
}

/// <summary>A log as read: its header ETag (null before the first write), header, and newest messages (oldest first).</summary>
internal sealed record class LogSnapshot(string? HeaderEtag, LogHeader Header, IReadOnlyList<StoredMessage> Tail);

/// <summary>One row a commit writes; <see cref="Owner"/> is the index, in its batch, of the change it belongs to.</summary>
internal abstract record class LogWrite(int Owner)
{
    /// <summary>
    /// A new message (its row is its message.new event too), with the idempotency record of its
    /// client-supplied id when <paramref name="ClientSuppliedId"/>.
    /// </summary>
    public sealed record class NewMessage(int Owner, StoredMessage Message, bool ClientSuppliedId) : LogWrite(Owner);

    /// <summary>A stored message as it now is.</summary>
    public sealed record class ChangedMessage(int Owner, StoredMessage Message) : LogWrite(Owner);

    /// <summary>An event other than message.new.</summary>
    public sealed record class Event(int Owner, ChatEvent ChatEvent) : LogWrite(Owner);

    /// <summary>The chat's members, name and metadata as the batch leaves them.</summary>
    public sealed record class RosterRow(int Owner, Members.ChatRoster Roster) : LogWrite(Owner);
}
