using Chats.Concurrency;
using Chats.Diagnostics;

namespace Chats;

/// <summary>
/// Carries one chat's activity to its members' chat lists: the chat when it is created (and again on
/// every CreateChat, which repairs a partial failure), and each member's view of it (newest message,
/// unread count, read markers) after each stored batch. At most one round of list updates is in
/// flight; batches stored meanwhile are folded into the next round, so a busy chat costs each member
/// one update per round, not one per change. A round asks the chat for each member's view as it is
/// then, so it always carries the newest. A caller waits for the round, so every member's list shows
/// its change when it is answered; in a chat of more than <see cref="WaitForEveryListUpTo"/> members
/// the users who made a change get their own update at once, outside the rounds, and a caller waits
/// for that one list only, not for a round over every member of a large group. Such a group also
/// starts a round at most every <see cref="LargeGroupRoundInterval"/>, so what its members' lists cost
/// grows with the time it is busy, not with its message rate.
/// </summary>
internal sealed partial class ChatActivity
{
    /// <summary>The most members a chat may have for its callers to wait for every member's list.</summary>
    public const int WaitForEveryListUpTo = 100;

    /// <summary>The least time between the starts of two rounds of a chat of more than <see cref="WaitForEveryListUpTo"/> members.</summary>
    public static readonly TimeSpan LargeGroupRoundInterval = TimeSpan.FromMilliseconds(200);

    private readonly IGrainFactory _grains;
    private readonly ILogger _logger;
    private readonly SingleFlight _rounds;
    private Chat? _chat;
    private IReadOnlyList<string> _members = [];
    private Func<string, ChatListEntry>? _summaryOf;
    private bool _pending;
    private TaskCompletionSource? _nextRound;
    private Task _newestRecorded = Task.CompletedTask;
    // Each member's newest own update (at most one per member, so bounded by the roster).
    private readonly Dictionary<string, Task> _actorsRecorded = new(StringComparer.Ordinal);

    private readonly TimeProvider _time;

    public ChatActivity(IGrainFactory grains, ILogger logger, TimeProvider time)
    {
        _grains = grains;
        _logger = logger;
        _time = time;
        _rounds = new SingleFlight(RunRoundsAsync);
    }

    /// <summary>Lists the chat in each of <paramref name="members"/>' chat lists; durable when it returns.</summary>
    public Task AddToListsAsync(Chat chat, IReadOnlyList<string> members, Func<string, ChatListEntry>? summaryOf) =>
        BoundedFanOut.RunAsync(members, userId => ListOf(chat, userId).AddChatAsync(chat, summaryOf?.Invoke(userId)));

    /// <summary>
    /// Records that the chat changed; the lists of its <paramref name="members"/> learn each one's view
    /// (<paramref name="summaryOf"/>) in the next round, those of the <paramref name="actors"/> (members who made the changes) at once.
    /// </summary>
    public void RecordChanged(Chat chat, IReadOnlyList<string> members, Func<string, ChatListEntry> summaryOf, IEnumerable<string> actors)
    {
        if (members.Count > WaitForEveryListUpTo)
        {
            foreach (var actor in actors)
            {
                _actorsRecorded[actor] = ListOf(chat, actor).RecordActivityAsync(chat, summaryOf(actor));
            }
        }

        (_chat, _members, _summaryOf, _pending) = (chat, members, summaryOf, true);
        _nextRound ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _newestRecorded = _nextRound.Task;
        _rounds.Trigger();
    }

    /// <summary>
    /// Waits until the members' lists hold the newest recorded activity, at most <paramref name="timeout"/>;
    /// never fails (the lists are derived data). Runs on the caller's scheduler.
    /// </summary>
    /// <param name="userId">Who made the change: in a large group, their own list is enough (null: the service, which waits for the round).</param>
    public Task WaitForListsAsync(string? userId, TimeSpan timeout, TimeProvider time)
    {
        var recorded = _members.Count > WaitForEveryListUpTo && userId is not null && _actorsRecorded.TryGetValue(userId, out var own) ? own : _newestRecorded;
        return recorded.WaitAsync(timeout, time).ContinueWith(static _ => { }, TaskScheduler.Current);
    }

    private async Task RunRoundsAsync()
    {
        while (_pending && _chat is { } chat && _summaryOf is { } summaryOf)
        {
            _pending = false;
            var members = _members;
            var round = _nextRound;
            _nextRound = null;
            var started = _time.GetTimestamp();
            try
            {
                await BoundedFanOut.RunAsync(members, userId => ListOf(chat, userId).RecordActivityAsync(chat, summaryOf(userId)));
            }
            catch (Exception exception)
            {
                // The lists are derived data: the next message repairs them.
                LogWarningActivityNotRecorded(exception, chat.Id);
            }
            finally
            {
                round?.TrySetResult();
            }

            var wait = LargeGroupRoundInterval - _time.GetElapsedTime(started);
            if (_pending && members.Count > WaitForEveryListUpTo && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time);
            }
        }
    }

    // A member's list lives in the chat's tenant.
    private IUserChatsGrain ListOf(Chat chat, string userId) => _grains.GetGrain<IUserChatsGrain>(TenantKeys.ScopeLike(chat.Id, userId));

    [LoggerMessage(EventId = (int)LogEvents.ActivityNotRecorded, Level = LogLevel.Warning, Message = "Chat {ChatKey}: could not record its last activity in its members' chat lists")]
    private partial void LogWarningActivityNotRecorded(Exception exception, string chatKey);
}
