using Chats.Hosting;

namespace Chats.Presence;

/// <summary>
/// One user's presence: online while a connection holds a lease. Leases live in memory (a gateway
/// renews its connections' leases; a dead gateway's lapse within <see cref="ChatLimits.PresenceLease"/>);
/// the time the user was last active is stored when they go offline. Watchers hear a change at most
/// once per <see cref="ChatLimits.PresenceDebounce"/>: a flapping user's state settles before it is sent.
/// </summary>
internal sealed class PresenceGrain(
    [PersistentState("presence", GrainStorageNames.Chats)] IPersistentState<PresenceState> state,
    IOptions<ChatsGrainOptions> options,
    TimeProvider time) : Grain, IPresenceGrain
{
    private readonly Dictionary<Guid, DateTimeOffset> _leases = [];
    private readonly Dictionary<IPresenceObserver, DateTimeOffset> _watchers = [];
    private bool? _sentOnline;
    private DateTimeOffset _sentAt = DateTimeOffset.MinValue;
    private IGrainTimer? _timer;

    private bool Online => _leases.Count > 0;

    public Task<UserPresence> GetAsync() => Task.FromResult(Current());

    public Task ConnectedAsync(Guid connectionId)
    {
        _leases[connectionId] = time.GetUtcNow() + ChatLimits.PresenceLease;
        _sentOnline ??= false;
        return ChangedAsync();
    }

    public async Task DisconnectedAsync(Guid connectionId)
    {
        if (_leases.Remove(connectionId) && !Online)
        {
            await WentOfflineAsync(time.GetUtcNow());
        }

        await ChangedAsync();
    }

    // Watchers are told the state as it was last sent (a renewal must not slip past the debounce).
    public Task<UserPresence> WatchAsync(IPresenceObserver observer)
    {
        _watchers[observer] = time.GetUtcNow() + options.Value.ObserverLease;
        _sentOnline ??= Online;
        return Task.FromResult(_sentOnline == Online ? Current() : new UserPresence(this.GetPrimaryKeyString(), _sentOnline.Value, state.State.LastActiveAt));
    }

    public Task UnwatchAsync(IPresenceObserver observer)
    {
        _watchers.Remove(observer);
        return Task.CompletedTask;
    }

    private UserPresence Current() => new(this.GetPrimaryKeyString(), Online, Online ? time.GetUtcNow() : state.State.LastActiveAt);

    private async Task WentOfflineAsync(DateTimeOffset at)
    {
        state.State.LastActiveAt = at;
        await state.WriteStateAsync();
    }

    // Sends the state if it differs from the last one sent and the debounce allows; else the timer does, later.
    private Task ChangedAsync()
    {
        if (_sentOnline != Online && time.GetUtcNow() - _sentAt >= ChatLimits.PresenceDebounce)
        {
            Send();
        }

        _timer ??= this.RegisterGrainTimer(TickAsync, ChatLimits.PresenceDebounce, ChatLimits.PresenceDebounce);
        return Task.CompletedTask;
    }

    private void Send()
    {
        var now = time.GetUtcNow();
        (_sentOnline, _sentAt) = (Online, now);
        var presence = Current();
        foreach (var (watcher, expiresAt) in _watchers.ToList())
        {
            if (expiresAt < now)
            {
                _watchers.Remove(watcher);
                continue;
            }

            _ = watcher.OnPresenceAsync(presence);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lapsed = _leases.Where(lease => lease.Value <= now).ToList();
        foreach (var lease in lapsed)
        {
            _leases.Remove(lease.Key);
        }

        if (lapsed.Count > 0 && !Online)
        {
            // Last active when the last lapsed lease was last renewed.
            await WentOfflineAsync(lapsed.Max(lease => lease.Value) - ChatLimits.PresenceLease);
        }

        if (_sentOnline != Online && now - _sentAt >= ChatLimits.PresenceDebounce)
        {
            Send();
        }

        if (!Online && _sentOnline == Online)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
