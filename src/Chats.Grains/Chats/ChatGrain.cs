using Chats.Hosting;
using Chats.Members;
using Chats.MessageLog;
using Chats.Webhooks;
using Orleans.Concurrency;

namespace Chats;

/// <summary>
/// One chat: its members, its message log and who watches it. Reentrant so that calls arriving
/// together can share one storage transaction (see <see cref="ChatLog"/>). Every change (a message,
/// edit, deletion, reaction, read marker, member or name change) is an event of the chat's sequence;
/// each is checked against the members as they are when it is committed (<see cref="LogBatch"/>).
/// Stored events go to the observers (<see cref="ChatObservers"/>), and each member's view of the chat
/// (newest message, unread count) to the members' chat lists (<see cref="ChatActivity"/>); member
/// changes add and drop the chat in lists around the change (<see cref="MemberListSync"/>); their
/// methods are in <c>Members/ChatGrain.Members.cs</c>, creation in <c>ChatGrain.Creation.cs</c>,
/// typing in <c>Typing/</c> and uploads and attachments in <c>Attachments/ChatGrain.Attachments.cs</c>.
/// </summary>
[Reentrant]
internal sealed partial class ChatGrain(
    [PersistentState("chat", GrainStorageNames.Chats)] IPersistentState<ChatState> state,
    MessageLogAccounts accounts,
    WebhookDirectory webhookDirectory,
    IOptions<ChatsGrainOptions> options,
    IOptions<ChatsAttachmentOptions> attachmentOptions,
    TimeProvider time,
    ILogger<ChatGrain> logger) : Grain, IChatGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private ChatLog? _log;
    private ChatObservers? _observers;
    private ChatActivity? _activity;
    private MemberListSync? _lists;
    private ChatWebhooks? _webhooks;
    private ChatRoster? _fixedRoster;
    private Task? _initializing;
    private Task? _listing;

    private ChatLog Log => _log ??= CreateLog();

    private ChatObservers Observers => _observers ??= new ChatObservers(this.GetPrimaryKeyString(), options.Value, time, logger);

    private ChatActivity Activity => _activity ??= new ChatActivity(GrainFactory, logger, time);

    private MemberListSync Lists => _lists ??= new MemberListSync(GrainFactory, logger);

    private ChatWebhooks Webhooks => _webhooks ??= new ChatWebhooks(this.GetPrimaryKeyString(), webhookDirectory, GrainFactory, time);

    public async Task<Chat?> GetAsync() => await ExistsAsync() ? ToChat() : null;

    public async Task<PostMessageResult> PostMessageAsync(NewMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.AuthorId);
        ArgumentNullException.ThrowIfNull(message.Text);
        if (message.Text.Length == 0 && message.AttachmentIds is not { Count: > 0 })
        {
            throw new ArgumentException($"A message to chat {this.GetPrimaryKeyString()} needs a text or an attachment.", nameof(message));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Text.Length, ChatLimits.MaxTextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Id?.Length ?? 0, ChatLimits.MaxIdLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Metadata?.Count ?? 0, ChatLimits.MaxMetadataKeys);
        if (!await ExistsAsync())
        {
            return PostMessageResult.ChatNotFound;
        }

        // Checked here too, so a non-member learns nothing from a repeated id; the commit checks again.
        if (!Log.Roster.Contains(message.AuthorId))
        {
            return PostMessageResult.NotAMember;
        }

        var result = message.AttachmentIds is { Count: > 0 } ? await PostWithAttachmentsAsync(message) : await Log.PostAsync(message);
        if (result.Outcome == PostMessageOutcome.Created)
        {
            StopTyping(message.AuthorId);

            // Read-your-writes for ListChats: the author's next listing already shows this chat's new
            // activity. Bounded, and never a failure: the message is durable whatever the lists do.
            await Activity.WaitForListsAsync(message.AuthorId, options.Value.ActivityWaitTimeout, time);
        }

        return result;
    }

    public async Task<MessagePage> ListMessagesAsync(MessagePageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        if (!await ExistsAsync())
        {
            return MessagePage.NotFound;
        }

        if (query.ReaderId is { } reader && !Log.Roster.Contains(reader))
        {
            return MessagePage.NotAMember;
        }

        var limit = Math.Min(query.Limit, ChatLimits.MaxPageSize);
        return new MessagePage(true, await Log.ReadPageAsync(query.SentBefore, limit, query.ReaderId));
    }

    public async Task<MessageChangeResult> UpdateMessageAsync(MessageEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(edit.Text?.Length ?? 0, ChatLimits.MaxTextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(edit.Metadata?.Count ?? 0, ChatLimits.MaxMetadataKeys);
        return !await ExistsAsync()
            ? new MessageChangeResult(ChangeOutcome.ChatNotFound)
            : await ChangedAsync(edit.UserId, await Log.UpdateAsync(edit), result => result.Outcome);
    }

    public async Task<MessageChangeResult> DeleteMessageAsync(MessageDeletion deletion)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        return !await ExistsAsync()
            ? new MessageChangeResult(ChangeOutcome.ChatNotFound)
            : await ChangedAsync(deletion.UserId, await Log.DeleteAsync(deletion), result => result.Outcome);
    }

    public Task<ReactionResult> AddReactionAsync(ReactionChange reaction) => ReactAsync(reaction, add: true);

    public Task<ReactionResult> RemoveReactionAsync(ReactionChange reaction) => ReactAsync(reaction, add: false);

    public async Task<ReadResult> MarkReadAsync(string userId, DateTimeOffset sentAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return !await ExistsAsync()
            ? new ReadResult(ChangeOutcome.ChatNotFound)
            : await ChangedAsync(userId, await Log.MarkReadAsync(userId, sentAt), result => result.Outcome);
    }

    public async Task<ChatListEntry?> GetListEntryAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await ExistsAsync() && Log.Roster.Contains(userId) ? Log.SummaryFor(userId) : null;
    }

    public async Task<EventPage> ListEventsAsync(EventPageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(query.AfterSeq);
        if (!await ExistsAsync())
        {
            return EventPage.NotFound;
        }

        if (query.ReaderId is { } reader && !Log.Roster.Contains(reader))
        {
            return EventPage.NotAMember;
        }

        return await Log.ReadEventsAsync(query.AfterSeq, Math.Min(query.Limit, ChatLimits.MaxPageSize));
    }

    public async Task<ChatSubscription> SubscribeAsync(IChatObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        // Loaded first, so that messages found on loading are not mistaken for new ones by this subscriber.
        if (!await ExistsAsync())
        {
            return ChatSubscription.NotFound;
        }

        var wasSubscribed = Observers.Subscribe(observer);
        return new ChatSubscription(true, _activationId, wasSubscribed);
    }

    public Task UnsubscribeAsync(IChatObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_observers is { Count: > 0 } observers)
        {
            await observers.EndAllAsync(cancellationToken);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<ReactionResult> ReactAsync(ReactionChange reaction, bool add)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        ArgumentException.ThrowIfNullOrEmpty(reaction.Type);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reaction.Type.Length, ChatLimits.MaxReactionTypeLength);
        return !await ExistsAsync()
            ? new ReactionResult(ChangeOutcome.ChatNotFound)
            : await ChangedAsync(reaction.UserId, await Log.ReactAsync(reaction, add), result => result.Outcome);
    }

    // Whether the chat exists; if it does, its log (and so its members) is loaded.
    private async Task<bool> ExistsAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        await Log.LoadIfNeededAsync();
        return true;
    }

    // Like a new message, a change shows in the caller's next ListChats (bounded wait, never a failure).
    private async Task<TResult> ChangedAsync<TResult>(string? userId, TResult result, Func<TResult, ChangeOutcome> outcome)
    {
        if (outcome(result) == ChangeOutcome.Changed)
        {
            await Activity.WaitForListsAsync(userId, options.Value.ActivityWaitTimeout, time);
        }

        return result;
    }

    private ChatLog CreateLog()
    {
        var log = new ChatLog(this.GetPrimaryKeyString(), accounts.For(state.State.LogAccount), () => _fixedRoster ??= ChatRoster.Fixed(state.State.UserIds, state.State.CreatedAt),
            options.Value, time, logger);
        log.BeforeCommit = Webhooks.BeforeCommitAsync;
        log.Stored += events =>
        {
            Observers.Publish(events);
            var roster = log.Roster;
            Webhooks.Stored(events, roster.MemberIds);
            Activity.RecordChanged(ToChat(), roster.MemberIds, log.SummaryFor,
                events.Select(stored => stored.UserId).OfType<string>().Distinct(StringComparer.Ordinal).Where(roster.Contains));
        };
        log.Gap += () => _ = Observers.EndAllAsync(CancellationToken.None);
        log.Detached += Attachments.Delete;
        return log;
    }

    private Chat ToChat() => Log.Roster.ToChat(this.GetPrimaryKeyString(), state.State.CreatedAt, state.State.UserIds);
}
