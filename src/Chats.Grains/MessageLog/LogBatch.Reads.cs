namespace Chats.MessageLog;

/// <summary>The planning of read markers: forward only, never past the newest message, each with the ordinal unread counts come from.</summary>
internal sealed partial class LogBatch
{
    internal void Plan(PendingRead pending, int owner)
    {
        if (!_roster.Contains(pending.UserId))
        {
            pending.Outcome = new ReadResult(ChangeOutcome.NotAMember);
            return;
        }

        ReadState? current = _reads.TryGetValue(pending.UserId, out var state) ? state : null;
        var currentMarker = current is { } known ? new ReadMarker(chatKey, pending.UserId, known.LastReadAt) : null;

        // Markers move forward only, and never past the newest message.
        if (_lastSentAt is not { } lastSentAt)
        {
            pending.Outcome = new ReadResult(ChangeOutcome.Unchanged, currentMarker);
            return;
        }

        var upTo = pending.ReadUpTo < lastSentAt ? pending.ReadUpTo : lastSentAt;
        if (current is { } marker && upTo <= marker.LastReadAt)
        {
            pending.Outcome = new ReadResult(ChangeOutcome.Unchanged, currentMarker);
            return;
        }

        var read = new ReadMarker(chatKey, pending.UserId, upTo);
        _reads = _reads.SetItem(pending.UserId, new ReadState(upTo, OrdinalAtOrBefore(upTo)));
        Emit(owner, new ChatEvent(ChatEventType.MessageRead, ++_lastSeq, chatKey, now, pending.UserId, Read: read));
        pending.Outcome = new ReadResult(ChangeOutcome.Changed, read);
    }

    // The ordinal of the newest message at or before `at`: 0 when there is none (or only older than ordinals).
    private long OrdinalAtOrBefore(DateTimeOffset at)
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            if (_created[i].SentAt <= at)
            {
                return _created[i].Ordinal;
            }
        }

        var index = tail.CountSentBefore(at.AddTicks(1)) - 1;
        if (index >= 0)
        {
            return tail[index].Ordinal;
        }

        return FetchedReadPositions.GetValueOrDefault(at)?.Ordinal ?? 0;
    }
}
