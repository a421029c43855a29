namespace Chats;

/// <summary>
/// One user's presence (keyed like their chat list): online while at least one of their connections
/// holds a lease (<see cref="ChatLimits.PresenceLease"/>, renewed by the gateway), with when they were
/// last active. Changes reach the observers at most once per <see cref="ChatLimits.PresenceDebounce"/>.
/// </summary>
[Alias("chats.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>The user's presence now.</summary>
    [Alias("GetAsync")]
    Task<UserPresence> GetAsync();

    /// <summary>A connection of the user is open (or still open): it holds a lease.</summary>
    [Alias("ConnectedAsync")]
    Task ConnectedAsync(Guid connectionId);

    /// <summary>A connection of the user closed.</summary>
    [Alias("DisconnectedAsync")]
    Task DisconnectedAsync(Guid connectionId);

    /// <summary>Subscribes (or renews) an observer of the user's presence, and returns it now; the subscription lapses without renewal.</summary>
    [Alias("WatchAsync")]
    Task<UserPresence> WatchAsync(IPresenceObserver observer);

    [Alias("UnwatchAsync")]
    Task UnwatchAsync(IPresenceObserver observer);
}

/// <summary>Whether a user is online, and when they were last active (their last connection's end, or now while online).</summary>
[GenerateSerializer, Immutable, Alias("chats.user-presence")]
public sealed record class UserPresence(string UserKey, bool Online, DateTimeOffset? LastActiveAt);

/// <summary>Hears a user's presence changes (a gateway, for its connections watching that user).</summary>
[Alias("chats.IPresenceObserver")]
public interface IPresenceObserver : IGrainObserver
{
    /// <summary>The user's presence changed. One-way: presence is never worth waiting for.</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("OnPresenceAsync")]
    Task OnPresenceAsync(UserPresence presence);
}
