using System.Text;
using System.Text.Json;

namespace Chats.Gateway.Connections;

/// <summary>A Connect frame as its transport sends it: the JSON as a WebSocket text frame, or a Server-Sent Event whose type is the frame's and whose id is its cursor.</summary>
internal static class ConnectFrames
{
    public static ReadOnlyMemory<byte> Utf8(ConnectFrameResponse frame, bool webSocket)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(frame, ChatsJsonContext.Default.ConnectFrameResponse);
        if (webSocket)
        {
            return json;
        }

        var head = Encoding.UTF8.GetBytes($"event: {frame.Type}\nid: {frame.Cursor}\ndata: ");
        var bytes = new byte[head.Length + json.Length + 2];
        head.CopyTo(bytes, 0);
        json.CopyTo(bytes, head.Length);
        bytes[^2] = (byte)'\n';
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
