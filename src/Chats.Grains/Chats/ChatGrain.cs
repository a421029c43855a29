using Chats.Hosting;
using Chats.MessageLog;
using Orleans.Concurrency;

namespace Chats;

/// <summary>
/// One chat: its members, its message log and who watches it. Reentrant so that CreateMessage calls
/// arriving together can share one storage transaction (see <see cref="ChatLog"/>); the member list
/// is written once, by InitializeAsync. Every change (a message, edit, deletion, reaction or read marker)
/// is an event of the chat's sequence (<see cref="ChatLog"/>); stored events go to the observers
/// (<see cref="ChatObservers"/>), and each member's view of the chat (newest message, unread count) to
/// the members' chat lists (<see cref="ChatActivity"/>).
/// </summary>
[Reentrant]
internal sealed class ChatGrain(
    [PersistentState("chat", GrainStorageNames.Chats)] IPersistentState<ChatState> state,
    IMessageLogStore store,
    IOptions<ChatsGrainOptions> options,
    TimeProvider time,
    ILogger<ChatGrain> logger) : Grain, IChatGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private ChatLog? _log;
    private ChatObservers? _observers;
    private ChatActivity? _activity;
    private HashSet<string>? _members;
    private Task? _initializing;
    private Task? _listing;

    private ChatLog Log => _log ??= CreateLog();

    private ChatObservers Observers => _observers ??= new ChatObservers(this.GetPrimaryKeyString(), options.Value, time, logger);

    private ChatActivity Activity => _activity ??= new ChatActivity(GrainFactory, logger);

    public Task<Chat?> GetAsync() => Task.FromResult(state.RecordExists ? ToChat() : null);

    public async Task<Chat> InitializeAsync(IReadOnlyList<string> sortedUserIds)
    {
        ArgumentNullException.ThrowIfNull(sortedUserIds);
        if (!state.RecordExists)
        {
            // Concurrent first calls share one write instead of racing on the ETag.
            _initializing ??= CreateAsync(sortedUserIds);
            try
            {
                await _initializing;
            }
            catch
            {
                _initializing = null;
                throw;
            }
        }

        // Every CreateChat makes sure the members list the chat, so a retry after a partial failure repairs it.
        if (_listing is null || _listing.IsFaulted || _listing.IsCanceled)
        {
            _listing = Activity.AddToListsAsync(ToChat(), _log is { } log ? log.SummaryFor : null);
        }

        await _listing;
        return ToChat();
    }

    public async Task<PostMessageResult> PostMessageAsync(NewMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.AuthorId);
        ArgumentException.ThrowIfNullOrEmpty(message.Text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Text.Length, ChatLimits.MaxTextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Id?.Length ?? 0, ChatLimits.MaxIdLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Metadata?.Count ?? 0, ChatLimits.MaxMetadataKeys);
        if (!state.RecordExists)
        {
            return PostMessageResult.ChatNotFound;
        }

        if (!IsMember(message.AuthorId))
        {
            return PostMessageResult.NotAMember;
        }

        var result = await Log.PostAsync(message);
        if (result.Outcome == PostMessageOutcome.Created)
        {
            // Read-your-writes for ListChats: the author's next listing already shows this chat's new
            // activity. Bounded, and never a failure: the message is durable whatever the lists do.
            await Activity.WaitForListsAsync(options.Value.ActivityWaitTimeout, time);
        }

        return result;
    }

    public async Task<MessagePage> ListMessagesAsync(MessagePageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        if (!state.RecordExists)
        {
            return MessagePage.NotFound;
        }

        if (query.ReaderId is { } reader && !IsMember(reader))
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
        return CheckMember(edit.UserId) is { } refused
            ? new MessageChangeResult(refused)
            : await ChangedAsync(await Log.UpdateAsync(edit), result => result.Outcome);
    }

    public async Task<MessageChangeResult> DeleteMessageAsync(MessageDeletion deletion)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        return (deletion.UserId is { } user ? CheckMember(user) : CheckExists()) is { } refused
            ? new MessageChangeResult(refused)
            : await ChangedAsync(await Log.DeleteAsync(deletion), result => result.Outcome);
    }

    public Task<ReactionResult> AddReactionAsync(ReactionChange reaction) => ReactAsync(reaction, add: true);

    public Task<ReactionResult> RemoveReactionAsync(ReactionChange reaction) => ReactAsync(reaction, add: false);

    public async Task<ReadResult> MarkReadAsync(string userId, DateTimeOffset sentAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return CheckMember(userId) is { } refused
            ? new ReadResult(refused)
            : await ChangedAsync(await Log.MarkReadAsync(userId, sentAt), result => result.Outcome);
    }

    public async Task<ChatListEntry?> GetListEntryAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!state.RecordExists)
        {
            return null;
        }

        await Log.LoadIfNeededAsync();
        return Log.SummaryFor(userId);
    }

    public async Task<EventPage> ListEventsAsync(EventPageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(query.AfterSeq);
        if (!state.RecordExists)
        {
            return EventPage.NotFound;
        }

        if (query.ReaderId is { } reader && !IsMember(reader))
        {
            return EventPage.NotAMember;
        }

        return await Log.ReadEventsAsync(query.AfterSeq, Math.Min(query.Limit, ChatLimits.MaxPageSize));
    }

    public async Task<ChatSubscription> SubscribeAsync(IChatObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (!state.RecordExists)
        {
            return ChatSubscription.NotFound;
        }

        // Load first, so that messages found on loading are not mistaken for new ones by this subscriber.
        await Log.LoadIfNeededAsync();
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
        return CheckMember(reaction.UserId) is { } refused
            ? new ReactionResult(refused)
            : await ChangedAsync(await Log.ReactAsync(reaction, add), result => result.Outcome);
    }

    private ChangeOutcome? CheckExists() => state.RecordExists ? null : ChangeOutcome.ChatNotFound;

    private ChangeOutcome? CheckMember(string userId) => CheckExists() ?? (IsMember(userId) ? null : ChangeOutcome.NotAMember);

    // Like a new message, a change shows in the caller's next ListChats (bounded wait, never a failure).
    private async Task<TResult> ChangedAsync<TResult>(TResult result, Func<TResult, ChangeOutcome> outcome)
    {
        if (outcome(result) == ChangeOutcome.Changed)
        {
            await Activity.WaitForListsAsync(options.Value.ActivityWaitTimeout, time);
        }

        return result;
    }

    private ChatLog CreateLog()
    {
        var log = new ChatLog(this.GetPrimaryKeyString(), store, options.Value, time, logger);
        log.Stored += events =>
        {
            Observers.Publish(events);
            Activity.RecordChanged(ToChat(), log.SummaryFor);
        };
        log.Gap += () => _ = Observers.EndAllAsync(CancellationToken.None);
        return log;
    }

    private async Task CreateAsync(IReadOnlyList<string> sortedUserIds)
    {
        if (sortedUserIds.Count < 2 || sortedUserIds.Count > ChatLimits.MaxMembers)
        {
            throw new ArgumentException($"Chat {this.GetPrimaryKeyString()} needs 2 to {ChatLimits.MaxMembers} members.", nameof(sortedUserIds));
        }

        state.State.UserIds = [.. sortedUserIds];
        state.State.CreatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }

    private bool IsMember(string userId) => (_members ??= new HashSet<string>(state.State.UserIds, StringComparer.Ordinal)).Contains(userId);

    private Chat ToChat() => new(this.GetPrimaryKeyString(), state.State.UserIds, state.State.CreatedAt);
}
