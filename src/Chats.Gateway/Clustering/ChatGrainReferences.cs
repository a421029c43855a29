using System.Collections.Concurrent;

namespace Chats.Gateway.Clustering;

/// <summary>
/// Grain references to chats, made once per chat key. Orleans' <c>GetGrain</c> resolves the grain
/// interface type from its attributes on every call (a profile of W3h put 15 % of the gateway's busy
/// time there, see BENCHMARKS.md); a reference is immutable and thread-safe, so one per chat serves
/// every request. Bounded: past <see cref="Capacity"/> chats the cache starts over.
/// </summary>
public sealed class ChatGrainReferences(IClusterClient cluster)
{
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, IChatGrain> _chats = new(StringComparer.Ordinal);

    /// <summary>The chat with this grain key.</summary>
    public IChatGrain Get(string chatKey)
    {
        if (_chats.TryGetValue(chatKey, out var chat))
        {
            return chat;
        }

        if (_chats.Count >= Capacity)
        {
            _chats.Clear();
        }

        chat = cluster.GetChat(chatKey);
        _chats.TryAdd(chatKey, chat);
        return chat;
    }
}
