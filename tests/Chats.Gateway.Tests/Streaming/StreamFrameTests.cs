using System.Runtime.InteropServices;
using System.Text;
using Chats.Gateway.Streaming;

namespace Chats.Tests.Streaming;

/// <summary>A stream frame is each kind of frame its transports send, serialized once and shared by every client of a feed.</summary>
public sealed class StreamFrameTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly ChatEvent Posted =
        new(ChatEventType.MessageNew, 7, "chat", At, "alice", new ChatMessage("m1", "chat", "alice", "hi ☕", At, 7));

    [Fact]
    public void EachKindIsTheFrameItsTransportSends()
    {
        var frame = new StreamFrame(Posted);

        var message = Text(frame, StreamFrameKind.WebSocketMessage);
        var chatEvent = Text(frame, StreamFrameKind.WebSocketEvent);

        Assert.StartsWith("{\"message\":{\"id\":\"m1\"", message, StringComparison.Ordinal);
        Assert.StartsWith("{\"event\":{\"type\":\"message.new\",\"seq\":7", chatEvent, StringComparison.Ordinal);
        Assert.Equal($"id: 2026-12-02T10:00:00.0000000Z\ndata: {message}\n\n", Text(frame, StreamFrameKind.ServerSentMessage));
        Assert.Equal($"event: message.new\nid: 7\ndata: {chatEvent}\n\n", Text(frame, StreamFrameKind.ServerSentEvent));
    }

    [Fact]
    public async Task AFeedHandsEveryClientTheSameFrameSerializedOnce()
    {
        var feed = new ChatFeed("chat", (_, _) => { });
        var first = new StreamClient("chat", capacity: 4);
        var second = new StreamClient("chat", capacity: 4);
        Assert.True(feed.TryAdd(first) && feed.TryAdd(second));

        await feed.OnEventsAsync("chat", [Posted]);

        Assert.True(first.Frames.TryRead(out var toFirst));
        Assert.True(second.Frames.TryRead(out var toSecond));
        Assert.Same(toFirst, toSecond);
        Assert.Same(ArrayOf(toFirst!, StreamFrameKind.ServerSentMessage), ArrayOf(toSecond!, StreamFrameKind.ServerSentMessage));
    }

    private static string Text(StreamFrame frame, StreamFrameKind kind) => Encoding.UTF8.GetString(frame.Utf8(kind).Span);

    private static byte[]? ArrayOf(StreamFrame frame, StreamFrameKind kind) =>
        MemoryMarshal.TryGetArray(frame.Utf8(kind), out var segment) ? segment.Array : null;
}
