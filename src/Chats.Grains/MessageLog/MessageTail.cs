using System.Text;

namespace Chats.MessageLog;

/// <summary>
/// The newest messages of one chat, oldest first, kept compact (text as UTF-8, authors as an index,
/// server ids as GUIDs; what few messages have, such as edits or reactions, in one extra object) and
/// rebuilt when read. Ordinals are not kept: the tail has no gap, so each is the newest one's less
/// its distance from it (0 for messages from before ordinals, all older than those with one).
/// </summary>
internal sealed class MessageTail(int capacity)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Entry[] _entries = new Entry[Math.Max(1, capacity)];
    private readonly List<string> _authors = [];
    private int _first;
    private long _newestOrdinal;

    public int Count { get; private set; }

    public int Capacity => _entries.Length;

    /// <summary>The message at <paramref name="index"/>, oldest first.</summary>
    public StoredMessage this[int index] => ToMessage(_entries[(_first + index) % _entries.Length], Math.Max(0, _newestOrdinal - (Count - 1 - index)));

    /// <summary>
    /// The message at <paramref name="index"/> as <paramref name="readerId"/> reads it: built straight
    /// from the entry for the common message without extras (the read path of every page).
    /// </summary>
    public ChatMessage Read(int index, string chatKey, string? readerId)
    {
        ref readonly var entry = ref _entries[(_first + index) % _entries.Length];
        return entry.IdOrExtra is Extras
            ? this[index].ToMessage(chatKey, readerId)
            : new ChatMessage(
                entry.IdOrExtra as string ?? entry.GuidId.ToString("D"),
                chatKey,
                _authors[entry.Author],
                entry.Text as string ?? Encoding.UTF8.GetString((byte[])entry.Text),
                new DateTimeOffset(entry.SentAtTicks, TimeSpan.Zero),
                Seq: entry.Seq);
    }

    /// <summary>Appends a message (newer than every other), evicting the oldest when full; returns whether one was evicted.</summary>
    public bool Add(StoredMessage message)
    {
        var entry = ToEntry(message);
        _newestOrdinal = message.Ordinal;
        if (Count < _entries.Length)
        {
            _entries[(_first + Count++) % _entries.Length] = entry;
            return false;
        }

        _entries[_first] = entry;
        _first = (_first + 1) % _entries.Length;
        return true;
    }

    /// <summary>Replaces the message at <paramref name="index"/> with a changed version of it (same id and time).</summary>
    public void Replace(int index, StoredMessage message) => _entries[(_first + index) % _entries.Length] = ToEntry(message);

    public void Clear()
    {
        Array.Clear(_entries);
        _authors.Clear();
        _first = 0;
        _newestOrdinal = 0;
        Count = 0;
    }

    /// <summary>The message with this id, if it is still in the tail.</summary>
    public StoredMessage? Find(string id) => IndexOf(id) is var index and >= 0 ? this[index] : null;

    /// <summary>Where the message with this id is, oldest first; -1 when it is not in the tail.</summary>
    public int IndexOf(string id)
    {
        var compact = IsCompactId(id, out var guid);
        for (var i = Count - 1; i >= 0; i--)
        {
            ref readonly var entry = ref _entries[(_first + i) % _entries.Length];
            if (compact ? entry.StringId is null && entry.GuidId == guid : string.Equals(entry.StringId, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How many messages were sent strictly before <paramref name="before"/>.</summary>
    public int CountSentBefore(DateTimeOffset before)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_entries[(_first + middle) % _entries.Length].SentAtTicks < before.UtcTicks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private StoredMessage ToMessage(in Entry entry, long ordinal)
    {
        var message = new StoredMessage(
            entry.StringId ?? entry.GuidId.ToString("D"),
            _authors[entry.Author],
            entry.Text as string ?? Encoding.UTF8.GetString((byte[])entry.Text),
            new DateTimeOffset(entry.SentAtTicks, TimeSpan.Zero),
            entry.Seq,
            ordinal);
        return entry.IdOrExtra is Extras extra
            ? message with { EditedAt = extra.EditedAt, DeletedAt = extra.DeletedAt, ReplyToId = extra.ReplyToId, Metadata = extra.Metadata, Reactions = extra.Reactions, Attachments = extra.Attachments }
            : message;
    }

    private Entry ToEntry(StoredMessage message)
    {
        var entry = new Entry
        {
            SentAtTicks = message.SentAt.UtcTicks,
            Text = Compact(message.Text),
            Author = AuthorIndex(message.AuthorId),
            Seq = message.Seq,
        };
        var stringId = IsCompactId(message.Id, out var guid) ? null : message.Id;
        entry.GuidId = guid;
        if (message.EditedAt is not null || message.DeletedAt is not null || message.ReplyToId is not null
            || message.Metadata is { Count: > 0 } || message.Reactions is { Count: > 0 } || message.Attachments is { Count: > 0 })
        {
            entry.IdOrExtra = new Extras(stringId, message.EditedAt, message.DeletedAt, message.ReplyToId,
                message.Metadata is { Count: > 0 } ? message.Metadata : null, message.Reactions is { Count: > 0 } ? message.Reactions : null,
                message.Attachments is { Count: > 0 } ? message.Attachments : null);
        }
        else
        {
            entry.IdOrExtra = stringId;
        }

        return entry;
    }

    // A lone surrogate has no UTF-8 form: such a text stays a string so it reads back unchanged.
    private static object Compact(string text)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return text;
        }
    }

    private int AuthorIndex(string authorId)
    {
        var index = _authors.IndexOf(authorId);
        if (index >= 0)
        {
            return index;
        }

        _authors.Add(authorId);
        return _authors.Count - 1;
    }

    // Only an id that formats back to exactly the same string may be kept as a GUID.
    private static bool IsCompactId(string id, out Guid guid) =>
        Guid.TryParseExact(id, "D", out guid) && string.Equals(guid.ToString("D"), id, StringComparison.Ordinal);

    private struct Entry
    {
        public long SentAtTicks;
        public long Seq;
        public object Text;

        // A string id (an id that is not a GUID), or the extras (which hold it then), or null.
        public object? IdOrExtra;
        public Guid GuidId;
        public int Author;

        public readonly string? StringId => IdOrExtra is Extras extra ? extra.StringId : IdOrExtra as string;
    }

    private sealed record class Extras(
        string? StringId,
        DateTimeOffset? EditedAt,
        DateTimeOffset? DeletedAt,
        string? ReplyToId,
        IReadOnlyDictionary<string, string>? Metadata,
        IReadOnlyList<StoredReaction>? Reactions,
        IReadOnlyList<MessageAttachment>? Attachments);
}
