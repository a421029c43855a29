using System.Text;
using System.Text.Json;
using Chats.Gateway.Connections;
using Chats.Gateway.Model;
using Chats.Gateway.Streaming;

namespace Chats.Tests.Connections;

/// <summary>An event frame wraps the event's JSON, serialized once for every connection, in each connection's cursor.</summary>
public sealed class ConnectFramesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TwoConnectionsShareTheEventJsonEachWithItsOwnCursorOverBothTransports()
    {
        var shared = new StreamFrame(new ChatEvent(ChatEventType.MessageNew, 4, "chat", At, "alice", new ChatMessage("m1", "chat", "alice", "hi \"there\"", At, 4)));

        var first = ConnectFrames.Utf8(new ConnectFrameResponse("event", "cursor-a", Shared: shared), webSocket: true);
        var second = Encoding.UTF8.GetString(ConnectFrames.Utf8(new ConnectFrameResponse("event", "cursor-b", Shared: shared), webSocket: false).Span);

        using var parsed = JsonDocument.Parse(first);
        Assert.Equal(("event", "cursor-a"), (parsed.RootElement.GetProperty("type").GetString(), parsed.RootElement.GetProperty("cursor").GetString()));
        Assert.Equal(Encoding.UTF8.GetString(shared.EventJson().Span), parsed.RootElement.GetProperty("event").GetRawText());
        Assert.Equal("hi \"there\"", parsed.RootElement.GetProperty("event").GetProperty("message").GetProperty("text").GetString());
        Assert.StartsWith("event: event\nid: cursor-b\ndata: {\"type\":\"event\",\"cursor\":\"cursor-b\",\"event\":{", second);
        Assert.EndsWith("}}\n\n", second);
    }
}
