using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Chats.Gateway.Streaming;

/// <summary>
/// One event as stream clients receive it. A feed wraps each delivered event once and hands the
/// same frame to every client, so each kind of frame is serialized once per event, as UTF-8.
/// </summary>
public sealed class StreamFrame
{
    private readonly byte[]?[] _bytes = new byte[]?[4];
    private readonly ChatEvent? _event;

    public StreamFrame(ChatEvent chatEvent) => _event = chatEvent;

    private StreamFrame(TypingNotice typing) => Typing = typing;

    /// <summary>A typing frame: only event streams send it, with no id (it is never replayed).</summary>
    public static StreamFrame ForTyping(TypingNotice typing) => new(typing);

    /// <summary>The event of an event frame.</summary>
    public ChatEvent Event => _event ?? throw new InvalidOperationException("A typing frame has no event.");

    public TypingNotice? Typing { get; }

    private byte[]? _eventJson;

    /// <summary>The event alone as JSON (an Event object), for connections that wrap it in frames of their own; built once.</summary>
    public ReadOnlyMemory<byte> EventJson() => _eventJson ??= JsonSerializer.SerializeToUtf8Bytes(EventDto.From(Event), ChatsJsonContext.Default.EventDto);

    /// <summary>The frame as <paramref name="kind"/> sends it (built on first use; a race builds the same bytes twice).</summary>
    public ReadOnlyMemory<byte> Utf8(StreamFrameKind kind) => _bytes[(int)kind] ??= Build(kind);

    private byte[] Build(StreamFrameKind kind)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        if (Typing is { } typing)
        {
            var dto = TypingDto.From(typing);
            Append(buffer, kind == StreamFrameKind.ServerSentEvent ? $"event: {dto.Type}\ndata: " : "");
            using (var typingWriter = new Utf8JsonWriter(buffer))
            {
                JsonSerializer.Serialize(typingWriter, new StreamTypingResponse(dto), ChatsJsonContext.Default.StreamTypingResponse);
            }

            Append(buffer, kind == StreamFrameKind.ServerSentEvent ? "\n\n" : "");
            return buffer.WrittenSpan.ToArray();
        }

        var chatEvent = Event;
        switch (kind)
        {
            case StreamFrameKind.ServerSentMessage:
                Append(buffer, $"id: {UtcTimestamp.Format(chatEvent.Message!.SentAt)}\ndata: ");
                break;
            case StreamFrameKind.ServerSentEvent:
                Append(buffer, string.Create(CultureInfo.InvariantCulture, $"event: {ChatEventTypes.NameOf(chatEvent.Type)}\nid: {chatEvent.Seq}\ndata: "));
                break;
        }

        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (kind is StreamFrameKind.WebSocketEvent or StreamFrameKind.ServerSentEvent)
            {
                JsonSerializer.Serialize(writer, new StreamEventResponse(EventDto.From(chatEvent)), ChatsJsonContext.Default.StreamEventResponse);
            }
            else
            {
                JsonSerializer.Serialize(writer, new StreamResponse(MessageDto.From(chatEvent.Message!)), ChatsJsonContext.Default.StreamResponse);
            }
        }

        if (kind is StreamFrameKind.ServerSentMessage or StreamFrameKind.ServerSentEvent)
        {
            Append(buffer, "\n\n");
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> buffer, string text) => buffer.Advance(Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
}

/// <summary>The four shapes of a stream frame: a message or an event, over a WebSocket or Server-Sent Events.</summary>
public enum StreamFrameKind
{
    /// <summary><c>{"message": Message}</c>.</summary>
    WebSocketMessage,

    /// <summary><c>{"event": Event}</c>.</summary>
    WebSocketEvent,

    /// <summary><c>id: {sent_at}</c>, <c>data: {"message": Message}</c>.</summary>
    ServerSentMessage,

    /// <summary><c>event: {type}</c>, <c>id: {seq}</c>, <c>data: {"event": Event}</c>.</summary>
    ServerSentEvent,
}
