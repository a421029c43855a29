using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Chats.Tests.Groups;
using Chats.Tests.Streaming;
using Chats.Tests.UserTokens;

namespace Chats.Tests.Connections;

/// <summary>
/// A Connect client that stops reading over real sockets: cut off once it is more than its buffer behind,
/// while its chat carries on, and a resume from the last frame it did read misses nothing and repeats nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConnectSlowClientTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int BufferSize = 20;
    private const int Total = 600;

    [Fact]
    public async Task AClientTooSlowForItsBufferIsCutOffAndResumesFromItsLastFrameWithNothingMissed()
    {
        var extra = new Dictionary<string, string?> { ["Chats:Stream:ConnectionBufferSize"] = BufferSize.ToString() };
        await using var gateway = Authentication.KeyedGateway.Create(fixture.Cluster, extra);
        var address = gateway.StartOnKestrel();
        var api = new GroupApi(fixture.KeyedGateway);
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await api.NewGroupAsync(bob, alice);
        var token = TestTokens.Alpha(alice);
        var tooSlow = 0;
        using var metrics = new MeterListener();
        metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: Gateway.Observability.GatewayMetrics.MeterName, Name: "chats.streams.ended" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        metrics.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var found = tags.ToArray();
            if (found.Contains(new("kind", "connect")) && found.Contains(new("reason", "TOO_SLOW")))
            {
                Interlocked.Increment(ref tooSlow);
            }
        });
        metrics.Start();

        // A TCP client with a tiny receive window that reads the head and the ready frame, then stops.
        using var slow = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync(IPAddress.Loopback, address.Port, TestContext.Current.CancellationToken);
        await slow.SendAsync(Encoding.ASCII.GetBytes($"GET /v1/chats/Connect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"));
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (!Encoding.UTF8.GetString(received.ToArray()).Contains("event: ready", StringComparison.Ordinal))
        {
            received.Write(buffer, 0, await slow.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken));
        }

        // Each message is two frames of about 4 KB (its event and the chat's new list entry): far more than the kernel's buffers.
        var text = new string('x', ChatLimits.MaxTextLength - 100);
        var chat = fixture.Client.GetGrain<IChatGrain>(TenantKeys.Scope("alpha", chatId));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < Total / 10; i++)
            {
                await chat.PostMessageAsync(new NewMessage(null, bob, $"{writer}/{i} {text}"));
            }
        }))).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await slow.ReceiveAsync(buffer, SocketFlags.None, drain.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset is also a disconnect.
        }

        Assert.False(drain.IsCancellationRequested, "The slow client was never disconnected.");
        var (seqs, cursor) = CompleteFrames(received.ToArray());
        var events = await api.EventsAsync(chatId);
        var firstSeq = events.First(e => e.GetProperty("type").GetString() == "message.new").GetProperty("seq").GetInt64();
        var lastSeq = events.Max(e => e.GetProperty("seq").GetInt64());
        output.WriteLine($"{Total} messages; the slow client read {received.Length / 1024} KiB, {seqs.Count} events, before being cut off");
        Assert.True(seqs.Count < Total, "The slow client received everything: it was never slow.");
        Assert.True(tooSlow >= 1, "No connection was ended as TOO_SLOW.");

        // The resume from the last complete frame: exactly the rest, in order.
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var resumed = new ConnectClient(http);
        await using (resumed)
        {
            await resumed.ConnectFromAsync(cursor, TestContext.Current.CancellationToken);
            await resumed.ReadUntilAsync(state => state.Events.TryGetValue(chatId, out var got) && got[^1] == lastSeq, TimeSpan.FromSeconds(60));
        }

        var all = seqs.Concat(resumed.State.Events[chatId]).ToList();
        Assert.Equal(Enumerable.Range((int)firstSeq, (int)(lastSeq - firstSeq + 1)).Select(seq => (long)seq), all);
        Assert.Equal(0, resumed.State.Resyncs);
    }

    // The event seqs of every complete SSE frame in a raw chunked HTTP response, and the last complete frame's cursor.
    private static (List<long> Seqs, string Cursor) CompleteFrames(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(Unchunk(raw));
        var frames = text.Split("\n\n");
        var seqs = new List<long>();
        string? cursor = null;
        foreach (var frame in frames[..^1])
        {
            var data = frame.Split('\n').FirstOrDefault(line => line.StartsWith("data: ", StringComparison.Ordinal));
            if (data is null)
            {
                continue;
            }

            using var json = JsonDocument.Parse(data["data: ".Length..]);
            cursor = json.RootElement.GetProperty("cursor").GetString();
            if (json.RootElement.GetProperty("type").GetString() == "event")
            {
                seqs.Add(json.RootElement.GetProperty("event").GetProperty("seq").GetInt64());
            }
        }

        return (seqs, cursor ?? throw new InvalidOperationException("No complete frame."));
    }

    // The body of a chunked HTTP/1.1 response, as far as it got.
    private static byte[] Unchunk(byte[] raw)
    {
        var body = new MemoryStream();
        var at = IndexOf(raw, "\r\n\r\n"u8, 0) + 4;
        while (at < raw.Length)
        {
            var lineEnd = IndexOf(raw, "\r\n"u8, at);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(raw, at, lineEnd - at), 16);
            var start = lineEnd + 2;
            body.Write(raw, start, Math.Min(size, raw.Length - start));
            at = start + size + 2;
        }

        return body.ToArray();
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int from)
    {
        var found = haystack.AsSpan(from).IndexOf(needle);
        return found < 0 ? -1 : from + found;
    }
}
