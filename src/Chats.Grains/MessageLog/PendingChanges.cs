namespace Chats.MessageLog;

/// <summary>
/// A call waiting for its change to become durable in the next group commit. Its outcome is worked
/// out when its batch is planned (against the log as the earlier changes of the batch leave it) and
/// handed to the caller once the batch is stored.
/// </summary>
internal abstract class PendingChange
{
    /// <summary>The most table entities this change adds to a transaction.</summary>
    public abstract int EntityCount { get; }

    /// <summary>A rough upper bound of this change's share of a transaction body, in bytes.</summary>
    public abstract int EstimatedSize { get; }

    /// <summary>The message id this change needs to see (to change it, or to reply to it); null if none.</summary>
    public abstract string? TargetId { get; }

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

/// <summary>A change whose caller waits for a <typeparamref name="TResult"/>.</summary>
internal abstract class PendingChange<TResult> : PendingChange
{
    public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome as planned for the current commit attempt.</summary>
    public TResult? Outcome { get; set; }

    public override void Complete() => Completion.TrySetResult(Outcome!);

    public override void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>A CreateMessage call.</summary>
internal sealed class PendingMessage(NewMessage request) : PendingChange<PostMessageResult>
{
    public NewMessage Request { get; } = request;

    /// <summary>Whether a client id shaped like a server id was already looked up in storage.</summary>
    public bool ServerIdChecked { get; set; }

    /// <summary>The message as last assigned for a commit attempt.</summary>
    public StoredMessage? Assigned { get; set; }

    /// <summary>Its row (which is its message.new event too) and the idempotency row of a client id.</summary>
    public override int EntityCount => Request.Id is null ? 1 : 2;

    public override int EstimatedSize =>
        2048 + 12 * (Request.AuthorId.Length + Request.Text.Length + 2 * (Request.Id?.Length ?? 36) + (Request.ReplyToId?.Length ?? 0))
        + 6 * (Request.Metadata?.Sum(pair => pair.Key.Length + pair.Value.Length) ?? 0);

    public override string? TargetId => Request.ReplyToId;
}

/// <summary>An UpdateMessage call.</summary>
internal sealed class PendingEdit(MessageEdit edit) : PendingChange<MessageChangeResult>
{
    public MessageEdit Edit { get; } = edit;

    public override int EntityCount => 2;

    public override int EstimatedSize => 4096 + 12 * ((Edit.Text?.Length ?? ChatLimits.MaxTextLength) + ChatLimits.MaxMetadataBytes);

    public override string? TargetId => Edit.MessageId;
}

/// <summary>A DeleteMessage call.</summary>
internal sealed class PendingDeletion(MessageDeletion deletion) : PendingChange<MessageChangeResult>
{
    public MessageDeletion Deletion { get; } = deletion;

    public override int EntityCount => 2;

    public override int EstimatedSize => 4096;

    public override string? TargetId => Deletion.MessageId;
}

/// <summary>An AddReaction or RemoveReaction call.</summary>
internal sealed class PendingReaction(ReactionChange reaction, bool add) : PendingChange<ReactionResult>
{
    public ReactionChange Reaction { get; } = reaction;

    public bool Add { get; } = add;

    public override int EntityCount => 2;

    // The message row is rewritten with all its reactions (and its text and metadata).
    public override int EstimatedSize => 64 * 1024;

    public override string? TargetId => Reaction.MessageId;
}

/// <summary>A MarkRead call.</summary>
internal sealed class PendingRead(string userId, DateTimeOffset readUpTo) : PendingChange<ReadResult>
{
    public string UserId { get; } = userId;

    public DateTimeOffset ReadUpTo { get; } = readUpTo;

    // Its event row; the marker itself goes in the header.
    public override int EntityCount => 1;

    public override int EstimatedSize => 2048 + 6 * UserId.Length;

    public override string? TargetId => null;
}
