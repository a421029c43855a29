using System.Net;
using System.Text.Json;
using Chats.Tests.Groups;
using Chats.Tests.Streaming;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Connections;

/// <summary>SendTyping over real HTTP with user tokens: heard on connections and event streams, never stored, lapsing by itself.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TypingHttpTests(ClusterFixture fixture)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);
    private readonly GroupApi _api = new(fixture.KeyedGateway);

    [Fact]
    public async Task OtherMembersHearTypingOnConnectionsAndEventStreamsAndItStopsWhenTheTyperPosts()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var chatId = await _api.NewGroupAsync(bob, alice, carol);
        await using var connection = new ConnectClient(_api.As(alice));
        await connection.ConnectAsync(TestContext.Current.CancellationToken);
        await using var carolsEvents = await SseStream.OpenAsync(_api.As(carol), $"/v1/chats/Stream?chat_id={chatId}&events=true");

        var sent = await _api.CallAsync(bob, "SendTyping", new { chat_id = chatId, typing = true });
        using var deadline = new CancellationTokenSource(ReadTimeout);
        var start = await ReadTypingAsync(connection, deadline.Token);
        var carolsStart = await carolsEvents.ReadEventAsync(deadline.Token);
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = "done typing" });
        var stop = await ReadTypingAsync(connection, deadline.Token);

        Assert.Equal((HttpStatusCode.OK, "{}"), (sent.Status, sent.Body.GetRawText()));
        Assert.Equal(("typing.start", chatId, bob), Typing(start));
        Assert.Equal("typing.start", carolsStart!.Type);
        Assert.Null(carolsStart.Id);
        Assert.Equal(("typing.start", chatId, bob), Typing(JsonDocument.Parse(carolsStart.Data).RootElement));
        Assert.Equal(("typing.stop", chatId, bob), Typing(stop));
        Assert.DoesNotContain((await _api.EventsAsync(chatId)), e => e.GetProperty("type").GetString()!.StartsWith("typing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepeatsWithinASecondAreDroppedAndTypingLapsesAfterSixSeconds()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(bob, alice);
        await using var connection = new ConnectClient(_api.As(alice));
        await connection.ConnectAsync(TestContext.Current.CancellationToken);

        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.CallAsync(bob, "SendTyping", new { chat_id = chatId, typing = true })).Status);
        }

        using var deadline = new CancellationTokenSource(ReadTimeout);
        var first = await ReadTypingAsync(connection, deadline.Token);
        var second = await ReadTypingAsync(connection, deadline.Token);
        var lapsedAfter = DateTime.UtcNow - started;

        Assert.Equal("typing.start", Typing(first).Type);
        Assert.Equal("typing.stop", Typing(second).Type);
        Assert.InRange(lapsedAfter, TimeSpan.FromSeconds(5.5), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task OnlyAMemberTypesAndOnlyAsThemselves()
    {
        var (alice, bob, mallory) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("mallory"));
        var chatId = await _api.NewGroupAsync(bob, alice);

        var member = await _api.CallAsync(alice, "SendTyping", new { chat_id = chatId, typing = false });
        var outsider = await _api.CallAsync(mallory, "SendTyping", new { chat_id = chatId, typing = true });
        var asSomeoneElse = await _api.CallAsync(mallory, "SendTyping", new { chat_id = chatId, typing = true, user_id = bob });
        var noTyping = await _api.CallAsync(alice, "SendTyping", new { chat_id = chatId });

        Assert.Equal(HttpStatusCode.OK, member.Status);
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", outsider);
        AssertMicroError(HttpStatusCode.Forbidden, "USER_MISMATCH", asSomeoneElse);
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", noTyping);
    }

    private static async Task<JsonElement> ReadTypingAsync(ConnectClient connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var type = await connection.ReadAsync(cancellationToken);
            if (type.StartsWith("typing.", StringComparison.Ordinal))
            {
                return connection.State.LastFrame;
            }
        }
    }

    private static (string Type, string ChatId, string UserId) Typing(JsonElement frame)
    {
        var typing = frame.GetProperty("typing");
        return (typing.GetProperty("type").GetString()!, typing.GetProperty("chat_id").GetString()!, typing.GetProperty("user_id").GetString()!);
    }
}
