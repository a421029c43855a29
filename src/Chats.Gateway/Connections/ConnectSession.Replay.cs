namespace Chats.Gateway.Connections;

/// <summary>A resumed connection's first frames: what the chat list changed since the cursor, and the events the client lacks.</summary>
internal sealed partial class ConnectSession
{
    // What changed on the list after the cursor, chat by chat, in the order of their last change: the
    // events the client lacks (up to a removal, and again from a join), then the chat as the list shows
    // it now. Cursors stay at the old position until the end (only the seqs sent move), so a client cut
    // off half-way resumes from it again and gets no event twice.
    private async Task ReplayAsync(IReadOnlyList<ChatListChange> changes, Dictionary<string, UserChat> rows, IReadOnlyDictionary<string, long> ahead, CancellationToken cancellationToken)
    {
        foreach (var chatChanges in changes.GroupBy(change => change.ChatKey, StringComparer.Ordinal).OrderBy(group => group.Last().Version))
        {
            var chatKey = chatChanges.Key;
            var first = chatChanges.First();
            var wasListed = first.Kind != ChatListChangeKind.Added;
            var listed = wasListed;
            _positions.Forget(chatKey);
            if (wasListed)
            {
                _positions.Listed(chatKey, first.FromSeq);
                _positions.Follow(chatKey, Math.Max(first.FromSeq, ahead.GetValueOrDefault(chatKey)));
            }

            foreach (var change in chatChanges)
            {
                if (change.Kind == ChatListChangeKind.Removed)
                {
                    // Up to the user's own removal, which closes the chat (see ApplyAsync).
                    await SendEventsAsync(chatKey, long.MaxValue, _opening, cancellationToken);
                    _positions.Close(chatKey);
                    if (listed)
                    {
                        _opening.Add(Frame("chat.removed", chatId: chatKey));
                        listed = false;
                    }
                }
                else if (change.Kind == ChatListChangeKind.Added && !_positions.Follows(chatKey))
                {
                    _positions.Follow(chatKey, Math.Max(Math.Max(change.FromSeq, _positions.SentOf(chatKey)), ahead.GetValueOrDefault(chatKey)));
                }
            }

            if (rows.TryGetValue(chatKey, out var row) && _positions.Follows(chatKey))
            {
                await SubscribeAsync(chatKey, cancellationToken);
                await SendEventsAsync(chatKey, LastSeqOf(row), _opening, cancellationToken);
                _opening.Add(Frame(listed ? "chat.updated" : "chat.added", row));
            }
        }

        foreach (var chatKey in changes.Select(change => change.ChatKey).Where(chatKey => !rows.ContainsKey(chatKey)).Distinct())
        {
            _positions.Forget(chatKey);
        }
    }
}
