namespace Chats.MessageLog;

/// <summary>A message to append; <paramref name="ClientSuppliedId"/> asks for an idempotency record beside it.</summary>
public sealed record class PendingAppend(ChatMessage Message, bool ClientSuppliedId);
