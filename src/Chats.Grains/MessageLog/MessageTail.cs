using System.Text;

namespace Chats.MessageLog;

/// <summary>
/// The newest messages of one chat, oldest first, compact: text kept as UTF-8, authors as an index into the
/// chat's few distinct authors, service-assigned ids as 16-byte GUIDs, and no per-message chat id.
/// An active chat then costs well under twice its raw text; messages are rebuilt when read.
/// </summary>
internal sealed class MessageTail(string chatId, int capacity)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Entry[] _entries = new Entry[Math.Max(1, capacity)];
    private readonly List<string> _authors = [];
    private int _first;

    public int Count { get; private set; }

    public int Capacity => _entries.Length;

    /// <summary>The message at <paramref name="index"/>, oldest first.</summary>
    public ChatMessage this[int index] => ToMessage(_entries[(_first + index) % _entries.Length]);

    /// <summary>Appends a message, evicting the oldest when full; returns whether one was evicted.</summary>
    public bool Add(ChatMessage message)
    {
        var entry = new Entry
        {
            SentAtTicks = message.SentAt.UtcTicks,
            Text = Compact(message.Text),
            Author = AuthorIndex(message.AuthorId),
        };
        if (IsCompactId(message.Id, out var guid))
        {
            entry.GuidId = guid;
        }
        else
        {
            entry.StringId = message.Id;
        }

        if (Count < _entries.Length)
        {
            _entries[(_first + Count++) % _entries.Length] = entry;
            return false;
        }

        _entries[_first] = entry;
        _first = (_first + 1) % _entries.Length;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_entries);
        _authors.Clear();
        _first = 0;
        Count = 0;
    }

    /// <summary>The message with this id, if it is still in the tail.</summary>
    public ChatMessage? Find(string id)
    {
        var compact = IsCompactId(id, out var guid);
        for (var i = 0; i < Count; i++)
        {
            ref readonly var entry = ref _entries[(_first + i) % _entries.Length];
            if (compact ? entry.StringId is null && entry.GuidId == guid : string.Equals(entry.StringId, id, StringComparison.Ordinal))
            {
                return ToMessage(entry);
            }
        }

        return null;
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

    private ChatMessage ToMessage(in Entry entry) => new(
        entry.StringId ?? entry.GuidId.ToString("D"),
        chatId,
        _authors[entry.Author],
        entry.Text as string ?? Encoding.UTF8.GetString((byte[])entry.Text),
        new DateTimeOffset(entry.SentAtTicks, TimeSpan.Zero));

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
        public object Text;
        public string? StringId;
        public Guid GuidId;
        public int Author;
    }
}
