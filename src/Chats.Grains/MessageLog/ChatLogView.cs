using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.MessageLog;

/// <summary>
/// One chat's log as its activation holds it: the header and its ETag, a bounded tail of the newest
/// durable messages and the members' read markers. It loads them, applies each committed batch, and
/// answers pages, event reads, unread counts and chat-list summaries. Every event that becomes
/// durable is handed to <see cref="Stored"/> once, in seq order. Runs on its grain's scheduler.
/// </summary>
/// <param name="fixedRoster">The members of a chat that has no roster row: a distinct chat's, fixed in its state.</param>
internal sealed partial class ChatLogView(string chatKey, IMessageLogStore store, Func<Members.ChatRoster> fixedRoster, ChatsGrainOptions options, ILogger logger)
{
    // Events that landed behind this activation's back are published from storage up to this many;
    // beyond it subscribers are told to re-read instead.
    private const int MaxLandedEvents = 1000;

    private readonly MessageTail _tail = new(options.TailSize);
    private readonly PageEnds _pageEnds = new();
    private ReadMarkers _reads = ReadMarkers.Empty;
    private Task? _loading;
    private long? _lastPublishedSeq;

    // The newest message as chat lists show it, built once per change rather than once per member.
    private ChatMessage? _lastMessage;

    /// <summary>Called with events just found durable, in seq order.</summary>
    public event Action<IReadOnlyList<ChatEvent>>? Stored;

    /// <summary>Called when events were stored that cannot be handed to <see cref="Stored"/>: subscribers must re-read.</summary>
    public event Action? Gap;

    /// <summary>Called with the attachments of messages just deleted (durably).</summary>
    public event Action<IReadOnlyList<MessageAttachment>>? Detached;

    public string ChatKey => chatKey;

    public LogHeader Header { get; private set; } = LogHeader.Empty;

    /// <summary>The header's ETag, which fences the next commit; null before the first.</summary>
    public string? HeaderEtag { get; private set; }

    public MessageTail Tail => _tail;

    /// <summary>Who is in the chat and what it is called, as of the last durable change.</summary>
    public Members.ChatRoster Roster => Header.Roster ?? fixedRoster();

    /// <summary>Whether the tail holds every message of the chat.</summary>
    public bool TailIsComplete { get; private set; }

    public Task EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
        {
            _loading = LoadAsync();
        }

        return _loading;
    }

    /// <summary>After a stale or unknown-outcome write the view may be wrong: the next use reads it again.</summary>
    public void Invalidate() => _loading = null;

    /// <summary>One page of history, newest first, as <paramref name="readerId"/> sees it (own reactions).</summary>
    public async Task<IReadOnlyList<ChatMessage>> ReadPageAsync(DateTimeOffset? sentBefore, int limit, string? readerId)
    {
        await EnsureLoadedAsync();
        var end = sentBefore is { } before ? _tail.CountSentBefore(before) : _tail.Count;
        var page = new List<ChatMessage>(Math.Min(Math.Max(end, 1), limit));
        for (var i = end - 1; i >= 0 && page.Count < limit; i--)
        {
            page.Add(_tail.Read(i, chatKey, readerId));
        }

        if (page.Count >= limit || TailIsComplete)
        {
            return page;
        }

        // Older ones from storage, continuing from the tail's oldest row, or from where a page that
        // ended at sent_before ended (a client's next page), or else from the newest message before
        // sent_before, searched for.
        StoredMessage? olderThan = _tail.Count > 0 ? _tail[0] : null;
        if (end == 0 && sentBefore is { } until && !(olderThan is not null && olderThan.SentAt == until) && !_pageEnds.TryGet(until, out olderThan))
        {
            var maxSeq = _tail.Count > 0 ? Math.Max(0, _tail[0].Seq - 1) : Header.LastSeq;
            if (await store.FindNewestSentBeforeAsync(chatKey, Header, until, maxSeq) is not { } newest)
            {
                return page;
            }

            page.Add(newest.ToMessage(chatKey, readerId));
            olderThan = newest;
        }

        if (page.Count < limit)
        {
            var stored = await store.ReadPageAsync(chatKey, Header, olderThan, limit - page.Count);
            page.AddRange(stored.Select(message => message.ToMessage(chatKey, readerId)));
            if (stored.Count > 0)
            {
                _pageEnds.Add(stored[^1]);
            }
        }

        return page;
    }

    /// <summary>Events after <paramref name="afterSeq"/>, oldest first, and the newest seq.</summary>
    public async Task<EventPage> ReadEventsAsync(long afterSeq, int limit)
    {
        await EnsureLoadedAsync();

        // Only up to the last seq this activation knows durable: a commit in flight is not read half.
        var lastSeq = Header.LastSeq;
        if (afterSeq >= lastSeq)
        {
            return new EventPage(true, [], lastSeq);
        }

        var events = await store.ReadEventsAsync(chatKey, Header, afterSeq, Math.Min(lastSeq, afterSeq + limit));
        return new EventPage(true, events, lastSeq);
    }

    /// <summary>What <paramref name="userId"/>'s chat list shows of this chat now.</summary>
    public ChatListEntry SummaryFor(string userId)
    {
        var last = _lastMessage ??= _tail.Count > 0 ? _tail[_tail.Count - 1].ToMessage(chatKey) : null;
        var read = _reads.Get(userId);
        var unread = last is null ? 0 : Header.UnreadAfter(read?.Ordinal ?? 0);
        var joinedSeq = Roster.Members.TryGetValue(userId, out var member) ? member.JoinedSeq : 0;
        return new ChatListEntry(Header.LastSeq, last, unread, read?.LastReadAt, _reads.FurthestOtherThan(userId), joinedSeq);
    }

    /// <summary>Takes a committed batch into memory and publishes its events.</summary>
    public void Apply(LogBatch batch, string? headerEtag)
    {
        HeaderEtag = headerEtag;
        Header = batch.Header;
        _lastMessage = null;
        var created = 0;
        foreach (var message in batch.Created)
        {
            if (_tail.Add(message))
            {
                TailIsComplete = false;
            }

            created++;
        }

        foreach (var message in batch.ChangedBefore)
        {
            var index = _tail.IndexOf(message.Id);
            if (index >= 0)
            {
                _tail.Replace(index, message);
            }
        }

        _reads = new ReadMarkers(Header.Reads);
        if (created > 0)
        {
            ChatsMetrics.RecordCommittedBatch(created);
        }

        foreach (var chatEvent in batch.Events)
        {
            ChatsMetrics.RecordEvent(chatEvent.Type);
        }

        Publish(batch.Events);
        if (batch.Detached.Count > 0)
        {
            Detached?.Invoke(batch.Detached);
        }
    }

    private async Task LoadAsync()
    {
        var snapshot = await store.LoadAsync(chatKey, options.TailSize);
        HeaderEtag = snapshot.HeaderEtag;
        Header = snapshot.Header;
        _tail.Clear();
        foreach (var message in snapshot.Tail)
        {
            _tail.Add(message);
        }

        _lastMessage = null;
        _reads = new ReadMarkers(Header.Reads);
        TailIsComplete = snapshot.Tail.Count < options.TailSize;
        LogDebugLoaded(chatKey, _tail.Count, TailIsComplete);
        await PublishLandedOnReloadAsync();
    }

    // A reload can show events this activation never saw stored: its own writes whose outcome was
    // unknown, or another writer's. Publish them, or report a gap when there are too many.
    private async Task PublishLandedOnReloadAsync()
    {
        if (_lastPublishedSeq is not { } published)
        {
            _lastPublishedSeq = Header.LastSeq;
            return;
        }

        var missing = Header.LastSeq - published;
        if (missing <= 0)
        {
            return;
        }

        var landed = missing <= MaxLandedEvents ? await store.ReadEventsAsync(chatKey, Header, published, Header.LastSeq) : [];
        if (landed.Count != missing)
        {
            _lastPublishedSeq = Header.LastSeq;
            Gap?.Invoke();
            return;
        }

        Publish(landed);
    }

    private void Publish(IReadOnlyList<ChatEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        _lastPublishedSeq = events[^1].Seq;
        Stored?.Invoke(events);
    }

    [LoggerMessage(EventId = (int)LogEvents.ChatLogLoaded, Level = LogLevel.Debug, Message = "Chat {ChatKey}: log loaded with {TailCount} messages in memory (complete: {Complete})")]
    private partial void LogDebugLoaded(string chatKey, int tailCount, bool complete);
}
