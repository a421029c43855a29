namespace Chats.Gateway.Connections;

/// <summary>
/// Presence on a connection: while it is open its user is online (a lease renewed every 15 s by the
/// gateway's renewal loop); it hears <c>user.presence</c> for the members of the chats it watches (and members who
/// join them), once per change, through this gateway's <see cref="PresenceHub"/>. A WebSocket client
/// changes what it watches with a <c>{"watch": [chat_id]}</c> frame.
/// </summary>
internal sealed partial class ConnectSession : IPresenceWatcher, IReceivingStreamSession
{
    private const int MaxWatchedUsers = 1000;

    private readonly Guid _connectionId = Guid.NewGuid();
    private readonly Dictionary<string, HashSet<string>> _watchedChats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _presenceSent = new(StringComparer.Ordinal);
    private bool _presence;

    private IPresenceGrain Presence => _services.Cluster.GetGrain<IPresenceGrain>(_request.UserKey);

    public void OfferPresence(UserPresence presence) => Post(new ConnectInput.PresenceChanged(presence));

    /// <summary>A frame the client sent on the open connection: a new watch list, or a refusal frame back.</summary>
    public void Receive(ReadOnlyMemory<byte> frame)
    {
        try
        {
            var fields = _readFrame(frame);
            var watch = fields.IdList(nameof(ConnectRequest.Watch), ConnectRequest.MaxWatchedChats) ?? [];
            Post(new ConnectInput.Watch([.. watch.Select(fields.ChatKey)]));
        }
        catch (MicroErrorException refused)
        {
            Post(new ConnectInput.Refused(refused.Error));
        }
    }

    private async Task StartPresenceAsync(CancellationToken cancellationToken)
    {
        _presence = _services.Presence.IsOn(_request.Caller.Tenant);
        if (_presence)
        {
            await Presence.ConnectedAsync(_connectionId).WaitAsync(cancellationToken);
            await WatchChatsAsync(_request.WatchKeys, _opening, cancellationToken);
        }
    }

    // Watches exactly these chats (of the user's): members of chats no longer watched are let go.
    private async Task WatchChatsAsync(IReadOnlyList<string> chatKeys, List<ConnectFrameResponse> output, CancellationToken cancellationToken)
    {
        if (!_presence)
        {
            return;
        }

        var wanted = chatKeys.Where(_positions.Follows).ToHashSet(StringComparer.Ordinal);
        foreach (var dropped in _watchedChats.Keys.Where(chatKey => !wanted.Contains(chatKey)).ToList())
        {
            _watchedChats.Remove(dropped);
        }

        var kept = _watchedChats.Values.SelectMany(users => users).ToHashSet(StringComparer.Ordinal);
        foreach (var userKey in _presenceSent.Keys.Where(userKey => !kept.Contains(userKey)).ToList())
        {
            _presenceSent.Remove(userKey);
            _services.PresenceHub.Unwatch(userKey, this);
        }

        foreach (var chatKey in wanted.Where(chatKey => !_watchedChats.ContainsKey(chatKey)))
        {
            _watchedChats[chatKey] = new HashSet<string>(StringComparer.Ordinal);
            for (var after = (string?)null; _presenceSent.Count < MaxWatchedUsers;)
            {
                var page = await _services.Chats.Get(chatKey).ListMembersAsync(new MemberPageQuery(after, ChatLimits.MaxPageSize)).WaitAsync(cancellationToken);
                await WatchAsync(chatKey, page.Members.Select(member => member.UserId), output);
                if (!page.HasMore || page.Members.Count == 0)
                {
                    break;
                }

                after = page.Members[^1].UserId;
            }
        }
    }

    // Members who join a watched chat are watched too.
    private Task WatchJoinersAsync(ChatEvent chatEvent, List<ConnectFrameResponse> output) =>
        chatEvent is { Type: ChatEventType.MemberAdded, Members: { } members } && _watchedChats.ContainsKey(chatEvent.ChatId)
            ? WatchAsync(chatEvent.ChatId, members.UserIds, output)
            : Task.CompletedTask;

    private async Task WatchAsync(string chatKey, IEnumerable<string> userIds, List<ConnectFrameResponse> output)
    {
        var members = _watchedChats[chatKey];
        foreach (var userKey in userIds.Select(userId => TenantKeys.ScopeLike(chatKey, userId)).Where(key => key != _request.UserKey))
        {
            members.Add(userKey);
            if (_presenceSent.ContainsKey(userKey))
            {
                continue;
            }

            if (_presenceSent.Count >= MaxWatchedUsers)
            {
                return;
            }

            _presenceSent[userKey] = false;
            SendPresence(await _services.PresenceHub.WatchAsync(userKey, this), output, always: true);
        }
    }

    private void SendPresence(UserPresence presence, List<ConnectFrameResponse> output, bool always = false)
    {
        if (!_presenceSent.TryGetValue(presence.UserKey, out var online) || (!always && online == presence.Online))
        {
            return;
        }

        _presenceSent[presence.UserKey] = presence.Online;
        output.Add(new ConnectFrameResponse("user.presence", _positions.Cursor().ToString(), Presence: PresenceDto.From(presence)));
    }

    /// <summary>Renews the user's presence lease for this connection (the gateway's renewal loop calls it every 15 s).</summary>
    public Task RenewPresenceAsync() => _presence ? Presence.ConnectedAsync(_connectionId) : Task.CompletedTask;

    private void EndPresence()
    {
        foreach (var userKey in _presenceSent.Keys)
        {
            _services.PresenceHub.Unwatch(userKey, this);
        }

        if (_presence)
        {
            _ = Presence.DisconnectedAsync(_connectionId).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }
}
