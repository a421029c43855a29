namespace Chats.Gateway.Connections;

/// <summary>
/// What a connection has sent: for each chat it follows, the seq it sent events up to, and the seq the
/// chat-list entry it last sent (or the list it resumed from) showed; and its position in the list's
/// changes. From these comes the cursor of each frame. Used by one reader at a time.
/// </summary>
internal sealed class ConnectPositions(Guid epoch, long version)
{
    private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _listed = new(StringComparer.Ordinal);
    // Chats whose events ended with the user's removal, until the list drops them.
    private readonly HashSet<string> _closed = new(StringComparer.Ordinal);

    public Guid Epoch => epoch;

    public long Version { get; set; } = version;

    public IEnumerable<string> Followed => _sent.Keys.Where(chatKey => !_closed.Contains(chatKey));

    public bool Follows(string chatKey) => _sent.ContainsKey(chatKey) && !_closed.Contains(chatKey);

    public bool Knows(string chatKey) => _sent.ContainsKey(chatKey);

    public long SentOf(string chatKey) => _sent.GetValueOrDefault(chatKey);

    public void Follow(string chatKey, long sentUpTo)
    {
        _sent[chatKey] = sentUpTo;
        _closed.Remove(chatKey);
    }

    public void Sent(string chatKey, long seq) => _sent[chatKey] = Math.Max(seq, _sent.GetValueOrDefault(chatKey));

    public void Listed(string chatKey, long seq) => _listed[chatKey] = seq;

    public void Close(string chatKey) => _closed.Add(chatKey);

    public void Forget(string chatKey)
    {
        _sent.Remove(chatKey);
        _listed.Remove(chatKey);
        _closed.Remove(chatKey);
    }

    /// <summary>Where a client resumes after the frame sent now.</summary>
    public ConnectCursor Cursor() => new(epoch, Version, _sent
        .Where(pair => !_listed.TryGetValue(pair.Key, out var listed) || pair.Value > listed)
        .ToDictionary(StringComparer.Ordinal));
}
