namespace Chats.MessageLog;

/// <summary>
/// A call waiting for its change to become durable in the next group commit. Its outcome is worked
/// out when its batch is planned (against the log as the earlier changes of the batch leave it) and
/// handed to the caller once the batch is stored.
/// </summary>
/// <param name="entityCount">The most table entities this change adds to a transaction.</param>
/// <param name="estimatedSize">A rough upper bound of this change's share of a transaction body, in bytes.</param>
/// <param name="targetId">The message id this change needs to see (to change it, or to reply to it); null if none.</param>
internal abstract class PendingChange(int entityCount, int estimatedSize, string? targetId)
{
    public int EntityCount => entityCount;

    public int EstimatedSize => estimatedSize;

    public string? TargetId => targetId;

    /// <summary>Has <paramref name="batch"/> plan this change, by its kind.</summary>
    public abstract void PlanIn(LogBatch batch, int owner);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

/// <summary>A change whose caller waits for a <typeparamref name="TResult"/>.</summary>
internal abstract class PendingChange<TResult>(int entityCount, int estimatedSize, string? targetId) : PendingChange(entityCount, estimatedSize, targetId)
{
    public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome as planned for the current commit attempt.</summary>
    public TResult? Outcome { get; set; }

    public override void Complete() => Completion.TrySetResult(Outcome!);

    public override void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>
/// A CreateMessage call: its row (which is its message.new event too), and the idempotency row of a
/// client id; <paramref name="attachments"/> were claimed for it by the chat.
/// </summary>
internal sealed class PendingMessage(NewMessage request, IReadOnlyList<MessageAttachment>? attachments = null) : PendingChange<PostMessageResult>(
    request.Id is null ? 1 : 2,
    2048 + 12 * (request.AuthorId.Length + request.Text.Length + 2 * (request.Id?.Length ?? 36) + (request.ReplyToId?.Length ?? 0))
        + 6 * (request.Metadata?.Sum(pair => pair.Key.Length + pair.Value.Length) ?? 0)
        + 12 * (attachments?.Sum(attachment => 64 + attachment.Id.Length + attachment.FileName.Length + attachment.ContentType.Length) ?? 0),
    request.ReplyToId)
{
    public NewMessage Request { get; } = request;

    public IReadOnlyList<MessageAttachment>? Attachments { get; } = attachments is { Count: > 0 } ? attachments : null;

    /// <summary>Whether a client id shaped like a server id was already looked up in storage.</summary>
    public bool ServerIdChecked { get; set; }

    /// <summary>The message as last assigned for a commit attempt.</summary>
    public StoredMessage? Assigned { get; set; }

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>An UpdateMessage call: the rewritten message row and its event row.</summary>
internal sealed class PendingEdit(MessageEdit edit)
    : PendingChange<MessageChangeResult>(2, 4096 + 12 * ((edit.Text?.Length ?? ChatLimits.MaxTextLength) + ChatLimits.MaxMetadataBytes), edit.MessageId)
{
    public MessageEdit Edit { get; } = edit;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>A DeleteMessage call: the tombstone's row and its event row.</summary>
internal sealed class PendingDeletion(MessageDeletion deletion) : PendingChange<MessageChangeResult>(2, 4096, deletion.MessageId)
{
    public MessageDeletion Deletion { get; } = deletion;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>
/// An AddReaction or RemoveReaction call: the message row, rewritten with all its reactions (and its
/// text and metadata), and its event row.
/// </summary>
internal sealed class PendingReaction(ReactionChange reaction, bool add) : PendingChange<ReactionResult>(2, 64 * 1024, reaction.MessageId)
{
    public ReactionChange Reaction { get; } = reaction;

    public bool Add { get; } = add;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>A MarkRead call: its event row (the marker itself goes in the header).</summary>
internal sealed class PendingRead(string userId, DateTimeOffset readUpTo) : PendingChange<ReadResult>(1, 2048 + 6 * userId.Length, targetId: null)
{
    public string UserId { get; } = userId;

    public DateTimeOffset ReadUpTo { get; } = readUpTo;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}
