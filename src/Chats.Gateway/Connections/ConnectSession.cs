using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Chats.Gateway.Connections;

/// <summary>
/// One user's connection: every event of every chat on their list and the list's own changes, each
/// frame with a cursor. It follows the user's chat list (as its observer) and each listed chat's feed
/// on this gateway; both arrive in one bounded inbox, read in order. A chat's events are sent by seq
/// with no gap (a missing stretch is read from the chat first) and none twice; a list entry is sent
/// only once the events up to its seq are. Opening it (<see cref="OpenAsync"/>) resumes from a cursor:
/// the list says what changed since, the chats fill in the events. Disposing it unsubscribes.
/// </summary>
internal sealed class ConnectSession : IStreamSession, IChatListObserver
{
    private const int PageSize = ChatLimits.MaxPageSize;

    private readonly ConnectRequest _request;
    private readonly StreamServices _services;
    private readonly Channel<ConnectInput> _inbox;
    private readonly CancellationTokenSource _ended = new();
    private readonly CancellationTokenSource _background = new();
    private readonly ConcurrentDictionary<string, ConnectedChat> _chats = new(StringComparer.Ordinal);
    private readonly List<ConnectFrameResponse> _opening = [];
    private IChatListObserver? _reference;
    private ConnectPositions _positions = null!;

    private ConnectSession(ConnectRequest request, StreamServices services)
    {
        _request = request;
        _services = services;
        _inbox = Channel.CreateBounded<ConnectInput>(new BoundedChannelOptions(services.Options.ConnectionBufferSize) { SingleReader = true });
    }

    public CancellationToken Ended => _ended.Token;

    public StreamEndedException? EndReason { get; private set; }

    private IUserChatsGrain List => _services.Cluster.GetGrain<IUserChatsGrain>(_request.UserKey);

    /// <summary>Follows the user's list and chats and reads what a resumed client missed; every refusal before anything is sent.</summary>
    public static async Task<ConnectSession> OpenAsync(ConnectRequest request, StreamServices services, UserTokenGrant? grant, CancellationToken cancellationToken)
    {
        var session = new ConnectSession(request, services);
        try
        {
            await session.StartAsync(cancellationToken);
            services.Registry.Add(session);
            if (grant is not null)
            {
                _ = services.GrantWatch.WatchAsync(grant, reason => session.End(StreamEndedException.TokenExpired(reason)), session._background.Token);
            }

            _ = session.RenewAsync(session._background.Token);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Post(ConnectInput input)
    {
        if (!_inbox.Writer.TryWrite(input))
        {
            End(StreamEndedException.ConnectionTooSlow(_services.Options.ConnectionBufferSize));
        }
    }

    /// <summary>Typing is never worth a connection: a full inbox drops it.</summary>
    public void PostTyping(ConnectInput.Typing typing) => _inbox.Writer.TryWrite(typing);

    public void End(StreamEndedException reason)
    {
        if (_inbox.Writer.TryComplete(reason))
        {
            EndReason = reason;
            _ended.Cancel();
        }
    }

    Task IChatListObserver.OnListChangedAsync(string userKey, Guid epoch, IReadOnlyList<ChatListChange> changes)
    {
        Post(new ConnectInput.ListChanged(epoch, changes));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>?> FollowAsync(bool webSocket, TimeSpan idleTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var frame in _opening)
        {
            yield return ConnectFrames.Utf8(frame, webSocket);
        }

        _opening.Clear();
        var reader = _inbox.Reader;
        var output = new List<ConnectFrameResponse>();
        while (true)
        {
            var ready = reader.WaitToReadAsync(cancellationToken).AsTask();
            while (await Task.WhenAny(ready, Task.Delay(idleTick, cancellationToken)) != ready)
            {
                yield return null;
            }

            if (!await ready)
            {
                yield break;
            }

            while (reader.TryRead(out var input))
            {
                await HandleAsync(input, output, cancellationToken);
                foreach (var frame in output)
                {
                    yield return ConnectFrames.Utf8(frame, webSocket);
                }

                output.Clear();
            }
        }
    }

    public void Dispose()
    {
        _background.Cancel();
        _services.Registry.Remove(this);
        foreach (var chat in _chats.Values)
        {
            _services.Hub.Unsubscribe(chat);
        }

        if (_reference is { } reference)
        {
            _ = ReleaseAsync(reference);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = _services.Cluster.CreateObjectReference<IChatListObserver>(this);
        var since = _request.Position is { } position ? new ChatListPosition(position.Epoch, position.Version) : null;
        var feed = await List.FollowAsync(_reference, since).WaitAsync(cancellationToken);
        _positions = new ConnectPositions(feed.Epoch, feed.Version);
        var rows = feed.Chats.ToDictionary(chat => chat.Chat.Id, StringComparer.Ordinal);
        var ahead = _request.Position?.Ahead ?? new Dictionary<string, long>();

        // The list as it is, each chat from where the client is: the list's seq, or further when it was ahead.
        foreach (var (chatKey, row) in rows)
        {
            var listed = LastSeqOf(row);
            _positions.Listed(chatKey, listed);
            _positions.Follow(chatKey, feed.Since is null ? listed : Math.Max(listed, ahead.GetValueOrDefault(chatKey)));
        }

        await Task.WhenAll(rows.Keys.Select(chatKey => SubscribeAsync(chatKey, cancellationToken)));
        if (_request.Position is not null && feed.Since is null)
        {
            _opening.Add(Frame("resync", reason: "The changes since this cursor are no longer kept (or the chat list moved): list your chats again, and read each chat's events after the last seq you have"));
        }
        else if (feed.Since is { } changes)
        {
            await ReplayAsync(changes, rows, ahead, cancellationToken);
        }

        // Live from here: the list as it is now.
        _positions.Version = feed.Version;
        foreach (var (chatKey, row) in rows)
        {
            _positions.Listed(chatKey, LastSeqOf(row));
        }

        _opening.Add(Frame("ready"));
    }

    // What changed on the list after the cursor, chat by chat, in the order of their last change: the
    // events the client lacks (up to a removal, and again from a join), then the chat as the list shows
    // it now. Cursors stay at the old position until the end (only the seqs sent move), so a client cut
    // off half-way resumes from it again and gets no event twice.
    private async Task ReplayAsync(IReadOnlyList<ChatListChange> changes, Dictionary<string, UserChat> rows, IReadOnlyDictionary<string, long> ahead, CancellationToken cancellationToken)
    {
        foreach (var chatChanges in changes.GroupBy(change => change.ChatKey, StringComparer.Ordinal).OrderBy(group => group.Last().Version))
        {
            var chatKey = chatChanges.Key;
            var first = chatChanges.First();
            var wasListed = first.Kind != ChatListChangeKind.Added;
            var listed = wasListed;
            _positions.Forget(chatKey);
            if (wasListed)
            {
                _positions.Listed(chatKey, first.FromSeq);
                _positions.Follow(chatKey, Math.Max(first.FromSeq, ahead.GetValueOrDefault(chatKey)));
            }

            foreach (var change in chatChanges)
            {
                if (change.Kind == ChatListChangeKind.Removed)
                {
                    await SendEventsAsync(chatKey, change.ToSeq, _opening, cancellationToken);
                    _positions.Close(chatKey);
                    if (listed)
                    {
                        _opening.Add(Frame("chat.removed", chatId: chatKey));
                        listed = false;
                    }
                }
                else if (change.Kind == ChatListChangeKind.Added && !_positions.Follows(chatKey))
                {
                    _positions.Follow(chatKey, Math.Max(Math.Max(change.FromSeq, _positions.SentOf(chatKey)), ahead.GetValueOrDefault(chatKey)));
                }
            }

            if (rows.TryGetValue(chatKey, out var row) && _positions.Follows(chatKey))
            {
                await SubscribeAsync(chatKey, cancellationToken);
                await SendEventsAsync(chatKey, LastSeqOf(row), _opening, cancellationToken);
                _opening.Add(Frame(listed ? "chat.updated" : "chat.added", row));
            }
        }

        foreach (var chatKey in changes.Select(change => change.ChatKey).Where(chatKey => !rows.ContainsKey(chatKey)).Distinct())
        {
            _positions.Forget(chatKey);
        }
    }

    private async Task HandleAsync(ConnectInput input, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        switch (input)
        {
            case ConnectInput.ChatEvents(var chat, var frames) when IsCurrent(chat):
                foreach (var frame in frames)
                {
                    await SendEventAsync(frame.Event, output, cancellationToken);
                }

                break;
            case ConnectInput.ListChanged(var epoch, var changes):
                if (epoch != _positions.Epoch)
                {
                    End(StreamEndedException.ConnectionMoved());
                    return;
                }

                foreach (var change in changes.Where(change => change.Version > _positions.Version))
                {
                    await ApplyAsync(change, output, cancellationToken);
                }

                break;
            case ConnectInput.Typing(var chat, var notice) when IsCurrent(chat) && _positions.Follows(chat.ChatKey) && notice.UserId != _request.UserId:
                var typing = TypingDto.From(notice);
                output.Add(new ConnectFrameResponse(typing.Type, _positions.Cursor().ToString(), Typing: typing));
                break;
            case ConnectInput.ChatEnded(var chat, var reason) when IsCurrent(chat):
                if (!reason.ChatMoved)
                {
                    End(reason);
                    return;
                }

                // The chat's activation ended: follow its next one, and read what was stored meanwhile.
                _chats.TryRemove(chat.ChatKey, out _);
                await SubscribeAsync(chat.ChatKey, cancellationToken);
                await SendEventsAsync(chat.ChatKey, long.MaxValue, output, cancellationToken);
                break;
        }
    }

    private async Task ApplyAsync(ChatListChange change, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        var chatKey = change.ChatKey;
        switch (change.Kind)
        {
            case ChatListChangeKind.Added when !_positions.Follows(chatKey):
                // Back after a removal: never an event twice.
                var from = Math.Max(change.FromSeq, _positions.SentOf(chatKey));
                _positions.Forget(chatKey);
                _positions.Follow(chatKey, from);
                await SubscribeAsync(chatKey, cancellationToken);
                await SendEventsAsync(chatKey, change.ToSeq, output, cancellationToken);
                _positions.Listed(chatKey, change.ToSeq);
                _positions.Version = change.Version;
                output.Add(Frame("chat.added", change.Chat, chatId: chatKey));
                return;
            case ChatListChangeKind.Added or ChatListChangeKind.Updated when _positions.Follows(chatKey):
                await SendEventsAsync(chatKey, change.ToSeq, output, cancellationToken);
                _positions.Listed(chatKey, change.ToSeq);
                _positions.Version = change.Version;
                output.Add(Frame("chat.updated", change.Chat, chatId: chatKey));
                return;
            case ChatListChangeKind.Removed when _positions.Knows(chatKey):
                if (_positions.Follows(chatKey))
                {
                    await SendEventsAsync(chatKey, change.ToSeq, output, cancellationToken);
                }

                Unsubscribe(chatKey);
                _positions.Forget(chatKey);
                _positions.Version = change.Version;
                output.Add(Frame("chat.removed", chatId: chatKey));
                return;
            default:
                _positions.Version = change.Version;
                return;
        }
    }

    // One live event: after the ones missing before it, read from the chat; never one sent already.
    private async Task SendEventAsync(ChatEvent chatEvent, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        var chatKey = chatEvent.ChatId;
        if (!_positions.Follows(chatKey) || chatEvent.Seq <= _positions.SentOf(chatKey))
        {
            return;
        }

        if (chatEvent.Seq > _positions.SentOf(chatKey) + 1)
        {
            await SendEventsAsync(chatKey, chatEvent.Seq - 1, output, cancellationToken);
        }

        Emit(chatEvent, output);
    }

    // The chat's stored events after the last one sent, up to `upTo`.
    private async Task SendEventsAsync(string chatKey, long upTo, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        var chat = _services.Chats.Get(chatKey);
        while (_positions.Follows(chatKey) && _positions.SentOf(chatKey) < upTo)
        {
            var page = await chat.ListEventsAsync(new EventPageQuery(_positions.SentOf(chatKey), PageSize)).WaitAsync(cancellationToken);
            foreach (var chatEvent in page.Events.TakeWhile(chatEvent => chatEvent.Seq <= upTo))
            {
                Emit(chatEvent, output);
            }

            if (page.Events.Count < PageSize)
            {
                return;
            }
        }
    }

    private void Emit(ChatEvent chatEvent, List<ConnectFrameResponse> output)
    {
        if (!_positions.Follows(chatEvent.ChatId) || chatEvent.Seq <= _positions.SentOf(chatEvent.ChatId))
        {
            return;
        }

        _positions.Sent(chatEvent.ChatId, chatEvent.Seq);
        output.Add(new ConnectFrameResponse("event", _positions.Cursor().ToString(), Event: EventDto.From(chatEvent)));

        // The user's own removal is the last event of the chat they get.
        if (chatEvent is { Type: ChatEventType.MemberRemoved, Members: { } members } && members.UserIds.Contains(_request.UserId))
        {
            _positions.Close(chatEvent.ChatId);
            Unsubscribe(chatEvent.ChatId);
        }
    }

    private ConnectFrameResponse Frame(string type, UserChat? chat = null, string? chatId = null, string? reason = null) =>
        new(type, _positions.Cursor().ToString(), Chat: chat is null ? null : UserChatDto.From(chat),
            ChatId: chat is null && chatId is not null ? TenantKeys.Unscope(chatId) : null, Reason: reason);

    private async Task SubscribeAsync(string chatKey, CancellationToken cancellationToken)
    {
        var chat = new ConnectedChat(chatKey, this);
        if (!_chats.TryAdd(chatKey, chat))
        {
            return;
        }

        if (!await _services.Hub.SubscribeAsync(chat, cancellationToken))
        {
            _chats.TryRemove(chatKey, out _);
        }
    }

    private void Unsubscribe(string chatKey)
    {
        if (_chats.TryRemove(chatKey, out var chat))
        {
            _services.Hub.Unsubscribe(chat);
        }
    }

    private bool IsCurrent(ConnectedChat chat) => _chats.TryGetValue(chat.ChatKey, out var current) && ReferenceEquals(current, chat);

    private static long LastSeqOf(UserChat chat) => chat.Entry?.LastSeq ?? 0;

    // The list's subscription lapses unless renewed; a list that was reactivated (its epoch changed)
    // or dropped this connection ends it, and the client resumes with its cursor.
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_services.Options.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var (epoch, wasSubscribed) = await List.RenewFollowAsync(_reference!).WaitAsync(cancellationToken);
                if (epoch != _positions.Epoch || !wasSubscribed)
                {
                    End(StreamEndedException.ConnectionMoved());
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception)
        {
            End(StreamEndedException.ConnectionMoved());
        }
    }

    private async Task ReleaseAsync(IChatListObserver reference)
    {
        try
        {
            await List.UnfollowAsync(reference);
        }
        catch (Exception)
        {
            // The list's lease for this connection lapses on its own.
        }
        finally
        {
            _services.Cluster.DeleteObjectReference<IChatListObserver>(reference);
        }
    }
}
