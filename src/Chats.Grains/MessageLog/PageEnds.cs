namespace Chats.MessageLog;

/// <summary>
/// The oldest message of the last few pages read from storage, by its <c>sent_at</c> (unique in a
/// chat): a client's next page asks for messages sent before it, and starts right after it instead
/// of searching history for where to start.
/// </summary>
internal sealed class PageEnds
{
    private const int Capacity = 16;

    private readonly StoredMessage?[] _ends = new StoredMessage?[Capacity];
    private int _next;

    public void Add(StoredMessage message)
    {
        _ends[_next] = message;
        _next = (_next + 1) % Capacity;
    }

    public bool TryGet(DateTimeOffset sentAt, out StoredMessage? message)
    {
        message = Array.Find(_ends, end => end is not null && end.SentAt == sentAt);
        return message is not null;
    }
}
