using System.Text.Json;
using Chats.Tests.Streaming;

namespace Chats.Tests.Connections;

/// <summary>
/// What a client of Connect knows, built only from the frames it received: each chat's events (by seq,
/// none twice, none out of order), its chat list, and the cursor of the last frame.
/// </summary>
internal sealed class ConnectState
{
    public Dictionary<string, List<long>> Events { get; } = [];

    public Dictionary<string, JsonElement> Listed { get; } = [];

    public string? Cursor { get; private set; }

    public int Resyncs { get; private set; }

    public int Frames { get; private set; }

    public JsonElement LastFrame { get; private set; }

    /// <summary>Takes one frame in; a duplicate or out-of-order event fails the test.</summary>
    public string Apply(SseEvent frame)
    {
        Assert.NotEqual("error", frame.Type);
        using var document = JsonDocument.Parse(frame.Data);
        var root = document.RootElement.Clone();
        var type = root.GetProperty("type").GetString()!;
        Assert.Equal(type, frame.Type);
        LastFrame = root;
        Cursor = root.GetProperty("cursor").GetString();
        Assert.Equal(Cursor, frame.Id);
        Frames++;
        switch (type)
        {
            case "event":
                var chatEvent = root.GetProperty("event");
                var chatId = chatEvent.GetProperty("chat_id").GetString()!;
                var seq = chatEvent.GetProperty("seq").GetInt64();
                var seqs = Events.TryGetValue(chatId, out var known) ? known : Events[chatId] = [];
                Assert.True(seqs.Count == 0 || seq > seqs[^1], $"chat {chatId}: seq {seq} after {(seqs.Count == 0 ? 0 : seqs[^1])}");
                seqs.Add(seq);
                break;
            case "chat.added" or "chat.updated":
                var chat = root.GetProperty("chat");
                Listed[chat.GetProperty("id").GetString()!] = chat;
                break;
            case "chat.removed":
                Listed.Remove(root.GetProperty("chat_id").GetString()!);
                break;
            case "resync":
                Resyncs++;
                break;
        }

        return type;
    }
}

/// <summary>A Connect over Server-Sent Events, as a browser's EventSource would hold it.</summary>
internal sealed class ConnectClient(HttpClient http) : IAsyncDisposable
{
    private SseStream? _stream;

    public ConnectState State { get; } = new();

    /// <summary>Connects (resuming from the last cursor, if any) and reads up to the ready frame.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => ConnectFromAsync(State.Cursor, cancellationToken);

    /// <summary>Connects from <paramref name="cursor"/> (a frame's that another connection received) and reads up to the ready frame.</summary>
    public async Task ConnectFromAsync(string? cursor, CancellationToken cancellationToken)
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _stream = await SseStream.OpenAsync(http, "/v1/chats/Connect", cursor);
        while (await ReadAsync(cancellationToken) != "ready")
        {
        }
    }

    public async Task DisconnectAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
            _stream = null;
        }
    }

    /// <summary>The next frame's type, applied to the state; fails if the connection ends.</summary>
    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var frame = await _stream!.ReadEventAsync(cancellationToken) ?? throw new InvalidOperationException("The connection ended.");
        return State.Apply(frame);
    }

    /// <summary>Reads frames until <paramref name="done"/> holds of the state.</summary>
    public async Task ReadUntilAsync(Func<ConnectState, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!done(State))
        {
            await ReadAsync(deadline.Token);
        }
    }

    public ValueTask DisposeAsync() => _stream?.DisposeAsync() ?? ValueTask.CompletedTask;
}
