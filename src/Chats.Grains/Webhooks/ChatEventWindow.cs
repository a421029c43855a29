namespace Chats.Webhooks;

/// <summary>
/// The events a chat's deliveries still need, in memory: those the chat handed over after its commits
/// (at most <see cref="Capacity"/>), and pages read from the chat for any other; dropped once every
/// endpoint is past them. Knows the chat's newest seq.
/// </summary>
internal sealed class ChatEventWindow(Func<IChatGrain> chat)
{
    public const int Capacity = 10_000;

    private readonly SortedDictionary<long, ChatEvent> _events = [];

    /// <summary>The chat's newest seq as far as this window knows.</summary>
    public long LastSeq { get; private set; }

    public void Saw(long seq) => LastSeq = Math.Max(LastSeq, seq);

    public void Add(IReadOnlyList<ChatEvent> events)
    {
        foreach (var chatEvent in events)
        {
            if (_events.Count < Capacity)
            {
                _events[chatEvent.Seq] = chatEvent;
            }

            Saw(chatEvent.Seq);
        }
    }

    /// <summary>The event at <paramref name="seq"/>, read with those after it from the chat when not held; null past the log.</summary>
    public async Task<ChatEvent?> AtAsync(long seq)
    {
        if (_events.TryGetValue(seq, out var known))
        {
            return known;
        }

        var page = await chat().ListEventsAsync(new EventPageQuery(seq - 1, ChatLimits.MaxPageSize));
        Saw(page.LastSeq);
        foreach (var chatEvent in page.Events)
        {
            _events[chatEvent.Seq] = chatEvent;
        }

        return _events.GetValueOrDefault(seq);
    }

    /// <summary>Drops the events at or before <paramref name="seq"/>.</summary>
    public void DropThrough(long seq)
    {
        while (_events.Count > 0 && _events.First().Key <= seq)
        {
            _events.Remove(_events.First().Key);
        }
    }
}
