namespace Chats.MessageLog;

/// <summary>Which ids <see cref="IMessageLogStore.FindMessageAsync"/> looks a message up by.</summary>
internal enum MessageIdKinds
{
    /// <summary>Only ids the service assigned, which say where their message is stored (one point read).</summary>
    ServerAssigned,

    /// <summary>Server-assigned ids, then client-supplied ones through their idempotency record.</summary>
    Any,
}
