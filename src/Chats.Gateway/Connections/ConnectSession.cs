using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Chats.Gateway.Connections;

/// <summary>
/// One user's connection: every event of every chat on their list and the list's own changes, each
/// frame with a cursor. It follows the user's chat list (as its observer) and each listed chat's feed
/// on this gateway; both arrive in one bounded inbox, read in order. A chat's events are sent by seq
/// with no gap (a missing stretch is read from the chat first) and none twice; a list entry is sent
/// only once the events up to its seq are. Opening it (<see cref="OpenAsync"/>) resumes from a cursor:
/// the list says what changed since, the chats fill in the events. Disposing it unsubscribes.
/// </summary>
internal sealed partial class ConnectSession
{
    private const int PageSize = ChatLimits.MaxPageSize;

    private readonly ConnectRequest _request;
    private readonly StreamServices _services;
    private readonly Channel<ConnectInput> _inbox;
    private readonly CancellationTokenSource _ended = new();
    private readonly CancellationTokenSource _background = new();
    private readonly ConcurrentDictionary<string, ConnectedChat> _chats = new(StringComparer.Ordinal);
    private readonly List<ConnectFrameResponse> _opening = [];
    private bool _following;
    private bool _counted;
    private ConnectPositions _positions = null!;

    private readonly Func<ReadOnlyMemory<byte>, RequestFields> _readFrame;

    private ConnectSession(ConnectRequest request, StreamServices services, Func<ReadOnlyMemory<byte>, RequestFields> readFrame)
    {
        _request = request;
        _services = services;
        _readFrame = readFrame;
        _inbox = Channel.CreateBounded<ConnectInput>(new BoundedChannelOptions(services.Options.ConnectionBufferSize) { SingleReader = true });
    }

    public CancellationToken Ended => _ended.Token;

    public StreamEndedException? EndReason { get; private set; }

    /// <summary>Follows the user's list and chats and reads what a resumed client missed; every refusal before anything is sent.</summary>
    /// <param name="readFrame">Reads a frame the client sends later as a request's fields (the caller's, as the first frame was).</param>
    public static async Task<ConnectSession> OpenAsync(
        ConnectRequest request, StreamServices services, UserTokenGrant? grant, Func<ReadOnlyMemory<byte>, RequestFields> readFrame, CancellationToken cancellationToken)
    {
        var session = new ConnectSession(request, services, readFrame);
        try
        {
            await session.StartAsync(cancellationToken);
            services.Registry.Add(session);
            session._counted = true;
            GatewayMetrics.StreamOpened(GatewayMetrics.Connection);
            if (grant is not null)
            {
                _ = services.GrantWatch.WatchAsync(grant, reason => session.End(StreamEndedException.TokenExpired(reason)), session._background.Token);
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Post(ConnectInput input)
    {
        if (!_inbox.Writer.TryWrite(input))
        {
            End(StreamEndedException.ConnectionTooSlow(_services.Options.ConnectionBufferSize));
        }
    }

    /// <summary>Typing is never worth a connection: a full inbox drops it.</summary>
    public void PostTyping(ConnectInput.Typing typing) => _inbox.Writer.TryWrite(typing);

    public void End(StreamEndedException reason)
    {
        if (_inbox.Writer.TryComplete(reason))
        {
            EndReason = reason;
            GatewayMetrics.StreamEnded(GatewayMetrics.Connection, reason.Error.Id);
            _ended.Cancel();
        }
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>?> FollowAsync(bool webSocket, TimeSpan idleTick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var frame in _opening)
        {
            yield return ConnectFrames.Utf8(frame, webSocket);
        }

        _opening.Clear();
        var reader = _inbox.Reader;
        var output = new List<ConnectFrameResponse>();
        while (true)
        {
            var ready = reader.WaitToReadAsync(cancellationToken).AsTask();
            while (await Task.WhenAny(ready, Task.Delay(idleTick, cancellationToken)) != ready)
            {
                yield return null;
            }

            if (!await ready)
            {
                yield break;
            }

            while (reader.TryRead(out var input))
            {
                await HandleAsync(input, output, cancellationToken);
                foreach (var frame in output)
                {
                    yield return ConnectFrames.Utf8(frame, webSocket);
                }

                output.Clear();
            }
        }
    }

    public void Dispose()
    {
        if (_counted)
        {
            GatewayMetrics.StreamClosed(GatewayMetrics.Connection);
        }

        _background.Cancel();
        EndPresence();
        _services.Registry.Remove(this);
        foreach (var chat in _chats.Values)
        {
            _services.Hub.Unsubscribe(chat);
        }

        if (_following)
        {
            _services.ListFeeds.Unfollow(_request.UserKey, this);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var since = _request.Position is { } position ? new ChatListPosition(position.Epoch, position.Version) : null;
        _following = true;
        var feed = await _services.ListFeeds.FollowAsync(_request.UserKey, this, since).WaitAsync(cancellationToken);
        // A replay's frames keep the cursor's version until ready: a client cut off during it resumes from there again.
        _positions = new ConnectPositions(feed.Epoch, feed.Since is not null ? _request.Position!.Version : feed.Version);
        var rows = feed.Chats.ToDictionary(chat => chat.Chat.Id, StringComparer.Ordinal);
        var ahead = _request.Position?.Ahead ?? new Dictionary<string, long>();

        // The list as it is, each chat from where the client is: the list's seq, or further when it was ahead.
        foreach (var (chatKey, row) in rows)
        {
            var listed = LastSeqOf(row);
            _positions.Listed(chatKey, listed);
            _positions.Follow(chatKey, feed.Since is null ? listed : Math.Max(listed, ahead.GetValueOrDefault(chatKey)));
        }

        await Task.WhenAll(rows.Keys.Select(chatKey => SubscribeAsync(chatKey, cancellationToken)));
        if (_request.Position is not null && feed.Since is null)
        {
            _opening.Add(Frame("resync", reason: "The changes since this cursor are no longer kept (or the chat list moved): list your chats again, and read each chat's events after the last seq you have"));
        }
        else if (feed.Since is { } changes)
        {
            await ReplayAsync(changes, rows, ahead, cancellationToken);
        }

        // Live from here: the list as it is now.
        _positions.Version = feed.Version;
        foreach (var (chatKey, row) in rows)
        {
            _positions.Listed(chatKey, LastSeqOf(row));
        }

        await StartPresenceAsync(cancellationToken);
        _opening.Add(Frame("ready"));
    }

    private async Task SubscribeAsync(string chatKey, CancellationToken cancellationToken)
    {
        var chat = new ConnectedChat(chatKey, this);
        if (!_chats.TryAdd(chatKey, chat))
        {
            return;
        }

        if (!await _services.Hub.SubscribeAsync(chat, cancellationToken))
        {
            _chats.TryRemove(chatKey, out _);
        }
    }

    private void Unsubscribe(string chatKey)
    {
        if (_chats.TryRemove(chatKey, out var chat))
        {
            _services.Hub.Unsubscribe(chat);
        }
    }

    private bool IsCurrent(ConnectedChat chat) => _chats.TryGetValue(chat.ChatKey, out var current) && ReferenceEquals(current, chat);

    private static long LastSeqOf(UserChat chat) => chat.Entry?.LastSeq ?? 0;
}
