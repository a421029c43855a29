using System.Collections.Concurrent;

namespace Chats.Gateway.Connections;

/// <summary>This gateway's open connections, so a stopping gateway can end them all (clients resume elsewhere with their cursors).</summary>
public sealed class ConnectRegistry
{
    private readonly ConcurrentDictionary<IStreamSession, byte> _sessions = new();

    public int Count => _sessions.Count;

    internal void Add(ConnectSession session) => _sessions.TryAdd(session, 0);

    internal void Remove(ConnectSession session) => _sessions.TryRemove(session, out _);

    public void EndAll(StreamEndedException reason)
    {
        foreach (var session in _sessions.Keys.OfType<ConnectSession>())
        {
            session.End(reason);
        }
    }
}
