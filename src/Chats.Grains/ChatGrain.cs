using Chats.Hosting;
using Chats.MessageLog;
using Orleans.Concurrency;

namespace Chats;

/// <summary>
/// One chat. Reentrant so that CreateMessage calls arriving together can share one storage
/// transaction (see <see cref="ChatLog"/>); the member list is written once, by InitializeAsync.
/// </summary>
[Reentrant]
internal sealed class ChatGrain(
    [PersistentState("chat", ChatsConstants.StorageName)] IPersistentState<ChatState> state,
    IMessageLogStore store,
    IOptions<ChatGrainOptions> options,
    TimeProvider time,
    ILogger<ChatGrain> logger) : Grain, IChatGrain
{
    private ChatLog? _log;
    private HashSet<string>? _members;
    private Task? _initializing;

    private ChatLog Log => _log ??= new ChatLog(this.GetPrimaryKeyString(), store, options.Value, time, logger);

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

        return await Log.AppendAsync(message);
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
}
