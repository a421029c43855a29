using Chats.Connections;

namespace Chats.UserChats;

/// <summary>
/// A user's connections follow their chat list here: each change (a chat listed, its entry changed, a
/// chat dropped) is numbered and sent to them (<see cref="ChatListChanges"/>); a connection that comes
/// back is told what changed since its position. A joiner's row is announced once the join settles.
/// </summary>
internal sealed partial class UserChatsGrain
{
    private ChatListChanges? _changes;

    // Rows of joins marked but not settled: not on the list as connections see it until they settle.
    private readonly HashSet<string> _pendingJoins = new(StringComparer.Ordinal);

    public async Task<ChatListFeed> FollowAsync(IChatListObserver observer, ChatListPosition? since)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await SettleFromChatsAsync();
        _changes ??= new ChatListChanges(UserKey, options.Value.ObserverLease, options.Value.ObserverQueueLimit, TimeProvider.System, logger);
        _changes.Subscribe(observer);
        var chats = _chats.Values
            .Where(row => !_pendingJoins.Contains(row.ChatKey))
            .Select(ToUserChat)
            .OfType<UserChat>()
            .ToList();
        return new ChatListFeed(_changes.Epoch, _changes.Version, chats, since is null ? null : _changes.Since(since));
    }

    public Task<(Guid Epoch, bool WasSubscribed)> RenewFollowAsync(IChatListObserver observer) =>
        Task.FromResult(_changes is null ? (Guid.Empty, false) : (_changes.Epoch, _changes.Subscribe(observer)));

    public Task UnfollowAsync(IChatListObserver observer)
    {
        _changes?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private static UserChat? ToUserChat(UserChatRow row) =>
        row.ToChat() is { } chat ? new UserChat(chat, row.LastMessageAt, row.Entry) : null;

    private void AnnounceAdded(string chatKey, long fromSeq)
    {
        _pendingJoins.Remove(chatKey);
        if (_chats.TryGetValue(chatKey, out var row))
        {
            _changes?.Record(ChatListChangeKind.Added, chatKey, fromSeq, row.Entry?.LastSeq ?? fromSeq, ToUserChat(row));
        }
    }

    private void AnnounceUpdated(string chatKey, long fromSeq)
    {
        if (!_pendingJoins.Contains(chatKey) && _chats.TryGetValue(chatKey, out var row))
        {
            _changes?.Record(ChatListChangeKind.Updated, chatKey, fromSeq, row.Entry?.LastSeq ?? fromSeq, ToUserChat(row));
        }
    }

    // A removal the user never saw listed (a join that did not settle) is not announced.
    private void AnnounceRemoved(string chatKey, long fromSeq, long toSeq)
    {
        if (!_pendingJoins.Remove(chatKey))
        {
            _changes?.Record(ChatListChangeKind.Removed, chatKey, fromSeq, Math.Max(fromSeq, toSeq), chat: null);
        }
    }
}
