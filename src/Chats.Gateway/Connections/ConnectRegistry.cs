using System.Collections.Concurrent;

namespace Chats.Gateway.Connections;

/// <summary>This gateway's open connections: their presence leases renewed together, and all ended when the gateway stops (clients resume elsewhere with their cursors).</summary>
public sealed class ConnectRegistry
{
    private readonly ConcurrentDictionary<ConnectSession, byte> _sessions = new();

    public int Count => _sessions.Count;

    internal void Add(ConnectSession session) => _sessions.TryAdd(session, 0);

    internal void Remove(ConnectSession session) => _sessions.TryRemove(session, out _);

    /// <summary>Renews every connection's presence lease (<see cref="ChatLimits.PresenceLease"/> is three times this gateway's every 15 s).</summary>
    public Task RenewPresenceAsync() => Task.WhenAll(_sessions.Keys.Select(async session =>
    {
        try
        {
            await session.RenewPresenceAsync();
        }
        catch (Exception)
        {
            // The next renewal tries again; the lease outlasts two misses.
        }
    }));

    public void EndAll(StreamEndedException reason)
    {
        foreach (var session in _sessions.Keys)
        {
            session.End(reason);
        }
    }
}
