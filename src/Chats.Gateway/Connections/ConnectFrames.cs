using System.Text;
using System.Text.Json;

namespace Chats.Gateway.Connections;

/// <summary>
/// A Connect frame as its transport sends it: the JSON as a WebSocket text frame, or a Server-Sent
/// Event whose type is the frame's and whose id is its cursor. An event frame wraps the event's JSON,
/// serialized once for every connection, in this connection's type and cursor.
/// </summary>
internal static class ConnectFrames
{
    public static ReadOnlyMemory<byte> Utf8(ConnectFrameResponse frame, bool webSocket)
    {
        var head = webSocket ? "" : $"event: {frame.Type}\nid: {frame.Cursor}\ndata: ";
        var tail = webSocket ? "" : "\n\n";
        if (frame.Shared is { } shared)
        {
            var json = shared.EventJson().Span;
            var before = Encoding.UTF8.GetBytes($"{head}{{\"type\":\"event\",\"cursor\":\"{frame.Cursor}\",\"event\":");
            var after = Encoding.UTF8.GetBytes("}" + tail);
            var bytes = new byte[before.Length + json.Length + after.Length];
            before.CopyTo(bytes, 0);
            json.CopyTo(bytes.AsSpan(before.Length));
            after.CopyTo(bytes, before.Length + json.Length);
            return bytes;
        }

        var whole = JsonSerializer.SerializeToUtf8Bytes(frame, ChatsJsonContext.Default.ConnectFrameResponse);
        return webSocket ? whole : [.. Encoding.UTF8.GetBytes(head), .. whole, .. Encoding.UTF8.GetBytes(tail)];
    }
}
