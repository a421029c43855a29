using Chats.Hosting;
using Chats.MessageLog;
using Orleans.Concurrency;

namespace Chats;

/// <summary>
/// One chat. Reentrant so that CreateMessage calls arriving together can share one storage
/// transaction (see <see cref="ChatLog"/>); the member list is written once, by InitializeAsync.
/// Stored messages go to the stream observers and, as last-activity times, to the members' chat lists.
/// </summary>
[Reentrant]
internal sealed partial class ChatGrain(
    [PersistentState("chat", ChatsConstants.StorageName)] IPersistentState<ChatState> state,
    IMessageLogStore store,
    IOptions<ChatGrainOptions> options,
    TimeProvider time,
    ILogger<ChatGrain> logger) : Grain, IChatGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private ChatLog? _log;
    private ChatSubscribers? _subscribers;
    private HashSet<string>? _members;
    private Task? _initializing;
    private Task? _indexing;
    private bool _activityPending;
    private bool _propagatingActivity;
    private TaskCompletionSource? _nextActivityRound;
    private Task _lastStoredActivity = Task.CompletedTask;

    private ChatLog Log => _log ??= CreateLog();

    private ChatSubscribers Subscribers => _subscribers ??= new ChatSubscribers(this.GetPrimaryKeyString(), options.Value, time, logger);

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
        if (_indexing is null || _indexing.IsFaulted || _indexing.IsCanceled)
        {
            _indexing = AddToMembersListsAsync();
        }

        await _indexing;
        return ToChat();
    }

    public async Task<PostMessageResult> PostMessageAsync(NewMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.AuthorId);
        ArgumentException.ThrowIfNullOrEmpty(message.Text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Text.Length, ChatLimits.MaxTextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Id?.Length ?? 0, ChatLimits.MaxIdLength);
        if (!state.RecordExists)
        {
            return PostMessageResult.ChatNotFound;
        }

        _members ??= new HashSet<string>(state.State.UserIds, StringComparer.Ordinal);
        if (!_members.Contains(message.AuthorId))
        {
            return PostMessageResult.NotAMember;
        }

        var result = await Log.AppendAsync(message);
        if (result.Outcome == PostMessageOutcome.Created)
        {
            // Read-your-writes for ListChats: the author's next listing already shows this chat's new
            // activity. Bounded, and never a failure: the message is durable whatever the lists do.
            await _lastStoredActivity.WaitAsync(options.Value.ActivityWaitTimeout, time).ContinueWith(static _ => { }, TaskScheduler.Current);
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

        var limit = Math.Min(query.Limit, ChatLimits.MaxPageSize);
        return new MessagePage(true, await Log.ReadPageAsync(query.SentBefore, limit));
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
        var wasSubscribed = Subscribers.Subscribe(observer);
        return new ChatSubscription(true, _activationId, wasSubscribed);
    }

    public Task UnsubscribeAsync(IChatObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _subscribers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_subscribers is { Count: > 0 } subscribers)
        {
            await subscribers.EndAllAsync(cancellationToken);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private ChatLog CreateLog()
    {
        var log = new ChatLog(this.GetPrimaryKeyString(), store, options.Value, time, logger);
        log.Stored += OnMessagesStored;
        log.Gap += () => _ = Subscribers.EndAllAsync(CancellationToken.None);
        return log;
    }

    private void OnMessagesStored(IReadOnlyList<ChatMessage> messages)
    {
        Subscribers.Publish(messages);
        _activityPending = true;
        _nextActivityRound ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lastStoredActivity = _nextActivityRound.Task;
        if (!_propagatingActivity)
        {
            _propagatingActivity = true;
            _ = PropagateActivityAsync();
        }
    }

    // At most one round of updates to the members' lists is in flight; messages stored meanwhile are
    // folded into the next round, so a busy chat costs its members one update per round, not per message.
    private async Task PropagateActivityAsync()
    {
        try
        {
            while (_activityPending && Log.LastSentAt is { } lastSentAt)
            {
                _activityPending = false;
                var round = _nextActivityRound;
                _nextActivityRound = null;
                try
                {
                    var chat = ToChat();
                    await Task.WhenAll(chat.UserIds.Select(userId => UserChats(userId).RecordActivityAsync(chat, lastSentAt)));
                }
                catch (Exception exception)
                {
                    // The lists are derived data: the next message repairs them.
                    LogWarningActivityNotRecorded(exception, this.GetPrimaryKeyString());
                }
                finally
                {
                    round?.TrySetResult();
                }
            }
        }
        finally
        {
            _propagatingActivity = false;
        }
    }

    private Task AddToMembersListsAsync()
    {
        var chat = ToChat();
        return Task.WhenAll(chat.UserIds.Select(userId => UserChats(userId).AddChatAsync(chat, _log?.LastSentAt)));
    }

    // A member's list lives in the chat's tenant.
    private IUserChatsGrain UserChats(string userId) => GrainFactory.GetGrain<IUserChatsGrain>(TenantKeys.ScopeLike(this.GetPrimaryKeyString(), userId));

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

    private Chat ToChat() => new(this.GetPrimaryKeyString(), state.State.UserIds, state.State.CreatedAt);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Chat {ChatId}: could not record its last activity in its members' chat lists")]
    private partial void LogWarningActivityNotRecorded(Exception exception, string chatId);
}
