using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Streaming;

/// <summary>Stream over Server-Sent Events and WebSocket, through real gateways on the two-silo cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private HttpClient Http { get; } = fixture.Gateway.CreateClient();

    [Fact]
    public async Task TwoSubscribersOnTwoGatewaysSeeTheSameMessagesInOrder()
    {
        await using var secondGateway = new GatewayFactory(fixture.Cluster);
        var httpB = secondGateway.CreateClient();
        var (chatId, alice, bob) = await NewChatAsync();

        await using var onA = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}");
        await using var onB = await SseStream.OpenAsync(httpB, $"/protobuf/Chats/Stream?chat_id={chatId}&user_id={bob}");

        // Three writers each on both gateways at once, so deliveries interleave and batch.
        const int perWriter = 20;
        var writers = Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            var http = writer % 2 == 0 ? Http : httpB;
            for (var i = 0; i < perWriter; i++)
            {
                var reply = await PostAsync(http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = writer % 3 == 0 ? alice : bob, text = $"w{writer} m{i}" });
                Assert.Equal(HttpStatusCode.OK, reply.Status);
            }
        }));
        await Task.WhenAll(writers);

        var seenOnA = await onA.ReadMessagesAsync(6 * perWriter, ReadTimeout);
        var seenOnB = await onB.ReadMessagesAsync(6 * perWriter, ReadTimeout);

        Assert.Equal(seenOnA, seenOnB);
        AssertStrictlyIncreasing(seenOnA);
        Assert.Equal(await StoredMessagesAsync(chatId), seenOnA);
    }

    [Fact]
    public async Task ReconnectingWithSentAfterWhileWritesContinueLosesAndRepeatsNothing()
    {
        var (chatId, alice, bob) = await NewChatAsync();
        const int total = 300;
        var writers = Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < total / 3; i++)
            {
                var reply = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = writer == 0 ? alice : bob, text = $"w{writer} m{i}" });
                Assert.Equal(HttpStatusCode.OK, reply.Status);
            }
        })).ToArray();

        // Read a few messages, hang up, come back with sent_after = the last one seen; repeat until all are in.
        var received = new List<StreamedMessage>();
        var reconnects = 0;
        var resumesWhileWriting = 0;
        var sentAfter = "2000-01-01T00:00:00Z";
        while (received.Count < total)
        {
            if (reconnects > 0 && writers.Any(writer => !writer.IsCompleted))
            {
                resumesWhileWriting++;
            }

            await using var stream = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}&sent_after={sentAfter}");
            var batch = await stream.ReadMessagesAsync(Math.Min(37, total - received.Count), ReadTimeout);
            received.AddRange(batch);
            sentAfter = batch[^1].SentAt;
            reconnects++;
        }

        await Task.WhenAll(writers);
        output.WriteLine($"{received.Count} messages over {reconnects} connections, {resumesWhileWriting} of the resumes while writers were still posting");
        Assert.True(resumesWhileWriting >= 2, $"only {resumesWhileWriting} resumes happened while writes continued");
        Assert.Equal(total, received.Select(m => m.Id).Distinct().Count());
        AssertStrictlyIncreasing(received);
        Assert.Equal(await StoredMessagesAsync(chatId), received);
    }

    [Fact]
    public async Task EventSourceReconnectResumesAfterLastEventId()
    {
        var (chatId, alice, _) = await NewChatAsync();
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = $"m{i}" })).Body.GetProperty("message").GetProperty("sent_at").GetString()!);
        }

        // Last-Event-ID (what EventSource sends when it reconnects) wins over the sent_after of its URL.
        await using var stream = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}&sent_after=2000-01-01T00:00:00Z", lastEventId: sent[2]);
        var replayed = await stream.ReadMessagesAsync(2, ReadTimeout);

        Assert.Equal(sent[3..], replayed.Select(m => m.SentAt));
    }

    [Fact]
    public async Task OnlyMembersMaySubscribeWhenAUserIdIsGiven()
    {
        var (chatId, alice, _) = await NewChatAsync();
        var stranger = TestData.UserId("mallory");

        using var refused = await Http.GetAsync($"/v1/chats/Stream?chat_id={chatId}&user_id={stranger}", TestContext.Current.CancellationToken);
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", (refused.StatusCode, await ReadJsonAsync(refused)));

        using var unknown = await Http.GetAsync($"/v1/chats/Stream?chat_id={Guid.NewGuid()}", TestContext.Current.CancellationToken);
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", (unknown.StatusCode, await ReadJsonAsync(unknown)));

        using var missing = await Http.GetAsync("/v1/chats/Stream?user_id=x", TestContext.Current.CancellationToken);
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_CHAT_ID", (missing.StatusCode, await ReadJsonAsync(missing)));

        var (frame, closeStatus) = await WebSocketRefusalAsync(new { chat_id = chatId, user_id = stranger });
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", (HttpStatusCode.Forbidden, frame));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closeStatus);

        await using var member = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}&user_id={alice}");
        await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "for members" });
        Assert.Equal("for members", (await member.ReadMessagesAsync(1, ReadTimeout))[0].Text);
    }

    [Fact]
    public async Task WebSocketSendsTheRequestFirstThenOneMessagePerFrame()
    {
        var (chatId, alice, bob) = await NewChatAsync();
        var first = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "before" });
        var sentAfter = first.Body.GetProperty("message").GetProperty("sent_at").GetString();
        await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = bob, text = "replayed" });

        using var socket = await ConnectWebSocketAsync(new { chat_id = chatId, sent_after = sentAfter, user_id = alice });
        var replayed = StreamedMessage.FromFrame(await ReceiveTextAsync(socket));
        await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "live" });
        var live = StreamedMessage.FromFrame(await ReceiveTextAsync(socket));

        Assert.Equal(["replayed", "live"], new[] { replayed.Text, live.Text });
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task ASlowSubscriberIsDisconnectedWhileWritersAndOtherSubscribersCarryOn()
    {
        // Real sockets: the slow client is a TCP connection that stops reading with a tiny receive window.
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string?> { ["Chats:Stream:SubscriberBufferSize"] = "200" });
        var address = gateway.StartOnKestrel();
        using var http = new HttpClient { BaseAddress = address };
        var (chatId, alice, _) = await NewChatAsync();

        using var slow = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync(IPAddress.Loopback, address.Port, TestContext.Current.CancellationToken);
        await slow.SendAsync(Encoding.ASCII.GetBytes($"GET /v1/chats/Stream?chat_id={chatId} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        var head = new byte[512];
        var headLength = await slow.ReceiveAsync(head);
        Assert.Contains("200 OK", Encoding.ASCII.GetString(head, 0, headLength));
        await using var fast = await SseStream.OpenAsync(http, $"/v1/chats/Stream?chat_id={chatId}");

        // More than every buffer between the gateway and the slow reader can hold (kernel buffers grow to a few MiB).
        const int total = 1500;
        var text = new string('x', ChatLimits.MaxTextLength - 100);
        var started = TimeProvider.System.GetTimestamp();
        var fastReader = fast.ReadMessagesAsync(total, TimeSpan.FromMinutes(2));
        var writers = Enumerable.Range(0, 10).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < total / 10; i++)
            {
                await fixture.Client.GetChat(chatId).PostMessageAsync(new NewMessage(null, alice, $"{writer}/{i} {text}"));
            }
        }));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var writeTime = TimeProvider.System.GetElapsedTime(started);

        var seenByFast = await fastReader;
        AssertStrictlyIncreasing(seenByFast);

        // The slow client now reads what reached it: the server must have cut it off well before the end.
        var slowBytes = 0L;
        using var drain = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await slow.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, drain.Token)) > 0)
            {
                slowBytes += read;
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // A reset is also a disconnect.
        }

        output.WriteLine($"{total} messages of {text.Length} characters written in {writeTime.TotalSeconds:0.00} s; "
            + $"the fast subscriber got all of them, the slow one {slowBytes / 1024} KiB before being disconnected");
        Assert.False(drain.IsCancellationRequested, "The slow subscriber was never disconnected.");
        Assert.True(slowBytes < (long)total * text.Length, "The slow subscriber received everything: it was never slow.");
    }

    [Fact]
    public async Task StreamsEndWithAReconnectNoticeWhenTheChatIsDeactivated()
    {
        var (chatId, alice, _) = await NewChatAsync();
        await using var stream = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}");

        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);

        using var timeout = new CancellationTokenSource(ReadTimeout);
        var ended = await stream.ReadEventAsync(timeout.Token);
        Assert.NotNull(ended);
        Assert.Equal("error", ended.Type);
        Assert.Equal("STREAM_ENDED", JsonDocument.Parse(ended.Data).RootElement.GetProperty("id").GetString());
        Assert.Null(await stream.ReadEventAsync(timeout.Token));

        // A reconnect with sent_after picks up from the reactivated chat.
        await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "after" });
        await using var again = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}&sent_after=2000-01-01T00:00:00Z");
        Assert.Equal("after", (await again.ReadMessagesAsync(1, ReadTimeout))[0].Text);
    }

    [Fact]
    public async Task AStoppingGatewayEndsItsStreamsWithAReconnectNotice()
    {
        var (chatId, _, _) = await NewChatAsync();
        var stopping = new GatewayFactory(fixture.Cluster);
        await using var stream = await SseStream.OpenAsync(stopping.CreateClient(), $"/v1/chats/Stream?chat_id={chatId}");

        // Without the notice, the open stream would hold the host's stop until its shutdown timeout.
        var stop = stopping.DisposeAsync().AsTask();
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var ended = await stream.ReadEventAsync(timeout.Token);
        await stop;

        Assert.NotNull(ended);
        Assert.Equal("error", ended.Type);
        var error = JsonDocument.Parse(ended.Data).RootElement;
        Assert.Equal("STREAM_ENDED", error.GetProperty("id").GetString());
        Assert.Contains("shutting down", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static void AssertStrictlyIncreasing(List<StreamedMessage> messages)
    {
        for (var i = 1; i < messages.Count; i++)
        {
            Assert.True(string.CompareOrdinal(messages[i - 1].SentAt, messages[i].SentAt) < 0, $"sent_at not increasing at {i}");
        }
    }

    private async Task<(string ChatId, string Alice, string Bob)> NewChatAsync()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var reply = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob } });
        return (reply.Body.GetProperty("chat").GetProperty("id").GetString()!, alice, bob);
    }

    private async Task<List<StreamedMessage>> StoredMessagesAsync(string chatId)
    {
        var reply = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chatId, limit = 1000 });
        return [.. reply.Body.GetProperty("messages").EnumerateArray().Reverse()
            .Select(m => StreamedMessage.FromFrame(JsonSerializer.Serialize(new { message = m })))];
    }

    private async Task<WebSocket> ConnectWebSocketAsync(object request)
    {
        var client = fixture.Gateway.Server.CreateWebSocketClient();
        var socket = await client.ConnectAsync(new Uri(fixture.Gateway.Server.BaseAddress, "v1/chats/Stream"), CancellationToken.None);
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return socket;
    }

    private async Task<(JsonElement Frame, WebSocketCloseStatus? CloseStatus)> WebSocketRefusalAsync(object request)
    {
        using var socket = await ConnectWebSocketAsync(request);
        var frame = JsonDocument.Parse(await ReceiveTextAsync(socket)).RootElement.Clone();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var close = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        return (frame, socket.CloseStatus);
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[64 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
