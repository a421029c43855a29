namespace Chats.Gateway.Connections;

/// <summary>
/// What a connection sends as its inbox is read: a chat's events by seq (a gap read from the chat
/// first, none twice), a list change after the events up to its seq, typing; each frame with its cursor.
/// </summary>
internal sealed partial class ConnectSession
{
    private async Task HandleAsync(ConnectInput input, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        switch (input)
        {
            case ConnectInput.ChatEvents(var chat, var frames) when IsCurrent(chat):
                foreach (var frame in frames)
                {
                    await SendEventAsync(frame, output, cancellationToken);
                    await WatchJoinersAsync(frame.Event, output);
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
            case ConnectInput.Watch(var chatKeys):
                await WatchChatsAsync(chatKeys, output, cancellationToken);
                break;
            case ConnectInput.Refused(var error):
                output.Add(new ConnectFrameResponse("refused", _positions.Cursor().ToString(), Reason: $"{error.Id}: {error.Detail}"));
                break;
            case ConnectInput.PresenceChanged(var presence):
                SendPresence(presence, output);
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
                    // Up to the user's own removal, which closes the chat (Emit): a list marks the
                    // removal before the member change commits, so its ToSeq may be short of that event.
                    await SendEventsAsync(chatKey, long.MaxValue, output, cancellationToken);
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
    private async Task SendEventAsync(StreamFrame frame, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        var chatEvent = frame.Event;
        var chatKey = chatEvent.ChatId;
        if (!_positions.Follows(chatKey) || chatEvent.Seq <= _positions.SentOf(chatKey))
        {
            return;
        }

        if (chatEvent.Seq > _positions.SentOf(chatKey) + 1)
        {
            await SendEventsAsync(chatKey, chatEvent.Seq - 1, output, cancellationToken);
        }

        Emit(frame, output);
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
                Emit(new StreamFrame(chatEvent), output);
            }

            if (page.Events.Count < PageSize)
            {
                return;
            }
        }
    }

    private void Emit(StreamFrame frame, List<ConnectFrameResponse> output)
    {
        var chatEvent = frame.Event;
        if (!_positions.Follows(chatEvent.ChatId) || chatEvent.Seq <= _positions.SentOf(chatEvent.ChatId))
        {
            return;
        }

        _positions.Sent(chatEvent.ChatId, chatEvent.Seq);
        output.Add(new ConnectFrameResponse("event", _positions.Cursor().ToString(), Shared: frame));

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
}
