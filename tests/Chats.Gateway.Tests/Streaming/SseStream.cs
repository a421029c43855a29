using System.Net;
using System.Text.Json;

namespace Chats.Tests.Streaming;

/// <summary>One event of a Server-Sent Events stream: its type ("message" unless named), id and data.</summary>
internal sealed record class SseEvent(string Type, string? Id, string Data);

/// <summary>A message as a stream frame carries it.</summary>
internal sealed record class StreamedMessage(string Id, string AuthorId, string Text, string SentAt)
{
    public static StreamedMessage FromFrame(string json)
    {
        using var document = JsonDocument.Parse(json);
        var message = document.RootElement.GetProperty("message");
        return new StreamedMessage(
            message.GetProperty("id").GetString()!,
            message.GetProperty("author_id").GetString()!,
            message.GetProperty("text").GetString()!,
            message.GetProperty("sent_at").GetString()!);
    }
}

/// <summary>A test client for the gateway's Server-Sent Events Stream, reading the wire format by hand.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Opens the stream and waits for the server's ": subscribed" comment: from then on nothing stored is missed.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient http, string pathAndQuery, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(timeout.Token));
        return new SseStream(response, reader);
    }

    /// <summary>The next event (comments skipped); null when the server ended the stream.</summary>
    public async Task<SseEvent?> ReadEventAsync(CancellationToken cancellationToken)
    {
        string? type = null, id = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new SseEvent(type ?? "message", id, string.Join('\n', data));
                }

                type = id = null;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "event": type = value; break;
                case "id": id = value; break;
                case "data": data.Add(value); break;
            }
        }

        return null;
    }

    /// <summary>Reads exactly <paramref name="count"/> messages, failing on an error event, the end of the stream, or the timeout.</summary>
    public async Task<List<StreamedMessage>> ReadMessagesAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var messages = new List<StreamedMessage>(count);
        while (messages.Count < count)
        {
            var next = await ReadEventAsync(deadline.Token) ?? throw new InvalidOperationException($"The stream ended after {messages.Count} of {count} messages.");
            Assert.True(next.Type == "message", $"Unexpected {next.Type} event: {next.Data}");
            var message = StreamedMessage.FromFrame(next.Data);
            Assert.Equal(message.SentAt, next.Id);
            messages.Add(message);
        }

        return messages;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
