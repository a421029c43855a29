namespace Chats.MessageLog;

/// <summary>A CreateMessage call waiting for its batch to become durable.</summary>
internal sealed class PendingMessage(NewMessage request)
{
    public NewMessage Request { get; } = request;

    public TaskCompletionSource<PostMessageResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether a client id shaped like a server id was already looked up in storage.</summary>
    public bool ServerIdChecked { get; set; }

    /// <summary>The message as last assigned for a commit attempt.</summary>
    public ChatMessage? Assigned { get; set; }

    /// <summary>Table entities this message adds to a transaction: its row, and the idempotency row of a client id.</summary>
    public int EntityCount => Request.Id is null ? 1 : 2;

    /// <summary>A rough upper bound of this message's share of a transaction body, in bytes.</summary>
    public int EstimatedSize => 1024 + 6 * (Request.AuthorId.Length + Request.Text.Length + 2 * (Request.Id?.Length ?? 36));
}
