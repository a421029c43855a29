namespace Chats.MessageLog;

/// <summary>The status of an <see cref="IMessageLogStore.CommitAsync"/> call.</summary>
internal enum CommitStatus
{
    /// <summary>Every row of the commit is durable.</summary>
    Stored,

    /// <summary>Another writer changed the log since it was read; nothing was stored.</summary>
    Stale,

    /// <summary>The client id of the message at <see cref="CommitResult.DuplicateIndex"/> was already used; nothing was stored.</summary>
    DuplicateClientId,

    /// <summary>The batch needs more than one transaction holds (its blocks and rows); nothing was stored: commit it in parts.</summary>
    TooLarge,
}
