using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Streaming;

/// <summary>Streams with <c>events: true</c>: every kind of event, resumed by seq, over SSE and WebSocket.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventStreamTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private HttpClient Http { get; } = fixture.Gateway.CreateClient();

    [Fact]
    public async Task ReconnectingWithLastEventIdEvery37EventsWhileWritersChangeTheChatSeesEveryEventOnce()
    {
        var (chatId, alice, bob) = await NewChatAsync();
        var grain = fixture.Client.GetChat(chatId);
        const int writers = 3, perWriter = 25;

        // Each writer posts, edits, gets a reaction on, and every fifth time deletes its messages.
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var author = writer % 2 == 0 ? alice : bob;
                var message = (await grain.PostMessageAsync(new NewMessage(null, author, $"w{writer} m{i}"))).Message!;
                Assert.Equal(ChangeOutcome.Changed, (await grain.UpdateMessageAsync(new MessageEdit(message.Id, author, $"w{writer} m{i} (edited)", null))).Outcome);
                Assert.Equal(ChangeOutcome.Changed, (await grain.AddReactionAsync(new ReactionChange(message.Id, writer % 2 == 0 ? bob : alice, $"r{writer}"))).Outcome);
                if (i % 5 == 0)
                {
                    Assert.Equal(ChangeOutcome.Changed, (await grain.DeleteMessageAsync(new MessageDeletion(message.Id, author))).Outcome);
                }
            }
        })));
        const int total = writers * (perWriter * 3 + perWriter / 5);

        var seen = new List<(long Seq, string Type)>();
        var reconnects = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        deadline.Token.Register(() => output.WriteLine($"Timed out with {seen.Count} of {total} events; writers {writing.Status}: {writing.Exception}"));
        while (seen.Count < total)
        {
            var lastEventId = seen.Count > 0 ? seen[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            // The first connection replays from the start (the writers began before it); later ones resume by Last-Event-ID.
            await using var stream = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}&events=true&after_seq=0", lastEventId);
            reconnects += lastEventId is null ? 0 : 1;
            for (var inThisConnection = 0; inThisConnection < 37 && seen.Count < total; inThisConnection++)
            {
                if (writing.IsFaulted)
                {
                    await writing;
                }

                var next = await stream.ReadEventAsync(deadline.Token) ?? throw new InvalidOperationException($"The stream ended after {seen.Count} events.");
                using var frame = JsonDocument.Parse(next.Data);
                var chatEvent = frame.RootElement.GetProperty("event");
                Assert.Equal(chatEvent.GetProperty("type").GetString(), next.Type);
                Assert.Equal(chatEvent.GetProperty("seq").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), next.Id);
                seen.Add((chatEvent.GetProperty("seq").GetInt64(), next.Type));
            }
        }

        await writing;
        output.WriteLine($"{seen.Count} events over {reconnects + 1} connections");
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen.Select(e => e.Seq));
        Assert.Equal(writers * perWriter, seen.Count(e => e.Type == "message.new"));
        Assert.Equal(writers * perWriter, seen.Count(e => e.Type == "message.updated"));
        Assert.Equal(writers * perWriter, seen.Count(e => e.Type == "reaction.new"));
        Assert.Equal(writers * (perWriter / 5), seen.Count(e => e.Type == "message.deleted"));
        Assert.True(reconnects >= total / 37, $"Only {reconnects} reconnects.");
    }

    [Fact]
    public async Task AWebSocketEventStreamReplaysAfterSeqThenCarriesLiveEvents()
    {
        var (chatId, alice, bob) = await NewChatAsync();
        var grain = fixture.Client.GetChat(chatId);
        var first = (await grain.PostMessageAsync(new NewMessage(null, alice, "one"))).Message!;
        await grain.AddReactionAsync(new ReactionChange(first.Id, bob, "👍"));
        await grain.MarkReadAsync(bob, first.SentAt);

        using var socket = await ConnectWebSocketAsync(new { chat_id = chatId, events = true, after_seq = 1 });
        var replayed = new[] { await ReceiveEventAsync(socket), await ReceiveEventAsync(socket) };
        await grain.RemoveReactionAsync(new ReactionChange(first.Id, bob, "👍"));
        var live = await ReceiveEventAsync(socket);

        Assert.Equal([(2L, "reaction.new"), (3L, "message.read")], replayed.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!)));
        Assert.Equal("👍", replayed[0].GetProperty("reaction").GetProperty("type").GetString());
        Assert.Equal(bob, replayed[1].GetProperty("read").GetProperty("user_id").GetString());
        Assert.Equal((4L, "reaction.deleted"), (live.GetProperty("seq").GetInt64(), live.GetProperty("type").GetString()));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task AMessageStreamStillCarriesOnlyNewMessages()
    {
        var (chatId, alice, bob) = await NewChatAsync();
        var grain = fixture.Client.GetChat(chatId);
        await using var stream = await SseStream.OpenAsync(Http, $"/v1/chats/Stream?chat_id={chatId}");

        var first = (await grain.PostMessageAsync(new NewMessage(null, alice, "one"))).Message!;
        await grain.UpdateMessageAsync(new MessageEdit(first.Id, alice, "one, edited", null));
        await grain.AddReactionAsync(new ReactionChange(first.Id, bob, "👍"));
        await grain.MarkReadAsync(bob, first.SentAt);
        await grain.PostMessageAsync(new NewMessage(null, bob, "two"));

        var messages = await stream.ReadMessagesAsync(2, ReadTimeout);
        Assert.Equal(["one", "two"], messages.Select(message => message.Text));
    }

    [Theory]
    [InlineData("after_seq=3")]
    [InlineData("events=true&after_seq=-1")]
    [InlineData("events=true&after_seq=x")]
    [InlineData("events=maybe")]
    [InlineData("events=true&sent_after=2026-01-01T00:00:00Z")]
    public async Task BadEventStreamRequestsAreBadRequests(string query)
    {
        var (chatId, _, _) = await NewChatAsync();

        using var response = await Http.GetAsync($"/v1/chats/Stream?chat_id={chatId}&{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", (await ReadJsonAsync(response)).GetProperty("id").GetString());
    }

    private async Task<(string ChatId, string Alice, string Bob)> NewChatAsync()
    {
        var chat = await TestData.NewChatAsync(fixture.Client);
        return (chat.Id, chat.UserIds[0], chat.UserIds[1]);
    }

    private async Task<WebSocket> ConnectWebSocketAsync(object request)
    {
        var client = fixture.Gateway.Server.CreateWebSocketClient();
        var socket = await client.ConnectAsync(new Uri(fixture.Gateway.Server.BaseAddress, "v1/chats/Stream"), CancellationToken.None);
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return socket;
    }

    private static async Task<JsonElement> ReceiveEventAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);

        using var frame = JsonDocument.Parse(text.ToString());
        return frame.RootElement.GetProperty("event").Clone();
    }
}
