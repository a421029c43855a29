using System.Collections.Concurrent;

namespace Chats.Gateway.Clustering;

/// <summary>
/// Grain references to chats, made once per chat key: <c>GetGrain</c> reads the interface's attributes
/// on every call, and a reference is immutable and thread-safe. Past <see cref="Capacity"/> chats it starts over.
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
