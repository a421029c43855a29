namespace Chats.Gateway.Connections;

/// <summary>
/// Presence on a connection: while it is open its user is online (a lease renewed every third
/// renewal); it hears <c>user.presence</c> for the members of the chats it watches (and members who
/// join them), once per change, through this gateway's <see cref="PresenceHub"/>.
/// </summary>
internal sealed partial class ConnectSession : IPresenceWatcher
{
    private const int MaxWatchedUsers = 1000;

    private readonly Guid _connectionId = Guid.NewGuid();
    private readonly HashSet<string> _watchedChats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _presenceSent = new(StringComparer.Ordinal);
    private bool _presence;

    private IPresenceGrain Presence => _services.Cluster.GetGrain<IPresenceGrain>(_request.UserKey);

    public void OfferPresence(UserPresence presence) => Post(new ConnectInput.PresenceChanged(presence));

    private async Task StartPresenceAsync(CancellationToken cancellationToken)
    {
        _presence = _services.Presence.IsOn(_request.Caller.Tenant);
        if (!_presence)
        {
            return;
        }

        await Presence.ConnectedAsync(_connectionId).WaitAsync(cancellationToken);
        foreach (var chatKey in _request.WatchKeys.Where(_positions.Follows))
        {
            _watchedChats.Add(chatKey);
            var after = (string?)null;
            while (_presenceSent.Count < MaxWatchedUsers)
            {
                var page = await _services.Chats.Get(chatKey).ListMembersAsync(new MemberPageQuery(after, ChatLimits.MaxPageSize)).WaitAsync(cancellationToken);
                await WatchAsync(chatKey, page.Members.Select(member => member.UserId), _opening);
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
        chatEvent is { Type: ChatEventType.MemberAdded, Members: { } members } && _watchedChats.Contains(chatEvent.ChatId)
            ? WatchAsync(chatEvent.ChatId, members.UserIds, output)
            : Task.CompletedTask;

    private async Task WatchAsync(string chatKey, IEnumerable<string> userIds, List<ConnectFrameResponse> output)
    {
        foreach (var userKey in userIds.Select(userId => TenantKeys.ScopeLike(chatKey, userId)).Where(key => key != _request.UserKey && !_presenceSent.ContainsKey(key)))
        {
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

    private Task RenewPresenceAsync() => _presence ? Presence.ConnectedAsync(_connectionId) : Task.CompletedTask;

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
