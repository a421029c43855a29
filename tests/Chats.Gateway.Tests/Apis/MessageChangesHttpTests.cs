using System.Net;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.Apis;

/// <summary>
/// Edits, deletions, reactions, replies, metadata, read markers and ListEvents over HTTP: the shapes,
/// each refusal as a micro error, and who may do what with a user token and with a server key.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MessageChangesHttpTests(ClusterFixture fixture)
{
    public static TheoryData<string> Prefixes => ["/v1/chats", "/protobuf/Chats"];

    private HttpClient Http { get; } = fixture.Gateway.CreateClient();

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task AChatScreensDayEndToEnd(string prefix)
    {
        var (chatId, alice, bob) = await NewChatAsync(Http);
        var first = await PostOkAsync(Http, $"{prefix}/CreateMessage", new { chat_id = chatId, author_id = alice, text = "lunch?" });
        var firstId = first.GetProperty("message").GetProperty("id").GetString()!;
        var reply = await PostOkAsync(Http, $"{prefix}/CreateMessage", new
        {
            chat_id = chatId, author_id = bob, text = "yes, here", reply_to_id = firstId,
            metadata = new Dictionary<string, string> { ["attachment"] = "https://example.org/map.png" },
        });
        var replyMessage = reply.GetProperty("message");

        var edited = await PostOkAsync(Http, $"{prefix}/UpdateMessage", new { chat_id = chatId, id = firstId, author_id = alice, text = "lunch at 12?" });
        var reacted = await PostOkAsync(Http, $"{prefix}/AddReaction", new { chat_id = chatId, message_id = firstId, user_id = bob, type = "👍" });
        var bobsList = await PostOkAsync(Http, $"{prefix}/ListChats", new { user_id = bob });
        var alicesList = await PostOkAsync(Http, $"{prefix}/ListChats", new { user_id = alice });
        var read = await PostOkAsync(Http, $"{prefix}/MarkRead", new { chat_id = chatId, user_id = alice, sent_at = replyMessage.GetProperty("sent_at").GetString() });
        var alicesListAfter = await PostOkAsync(Http, $"{prefix}/ListChats", new { user_id = alice });
        var page = await PostOkAsync(Http, $"{prefix}/ListMessages", new { chat_id = chatId, user_id = bob });
        var deleted = await PostOkAsync(Http, $"{prefix}/DeleteMessage", new { chat_id = chatId, id = replyMessage.GetProperty("id").GetString(), author_id = bob });
        var events = await PostOkAsync(Http, $"{prefix}/ListEvents", new { chat_id = chatId, after_seq = 0 });
        var later = await PostOkAsync(Http, $"{prefix}/ListEvents", new { chat_id = chatId, after_seq = "4", limit = 1 });

        Assert.Equal(["author_id", "chat_id", "id", "metadata", "reply_to_id", "sent_at", "seq", "text"], Names(replyMessage));
        Assert.Equal(firstId, replyMessage.GetProperty("reply_to_id").GetString());
        Assert.Equal("https://example.org/map.png", replyMessage.GetProperty("metadata").GetProperty("attachment").GetString());
        Assert.Equal(2, replyMessage.GetProperty("seq").GetInt64());
        Assert.Equal("lunch at 12?", edited.GetProperty("message").GetProperty("text").GetString());
        Assert.True(edited.GetProperty("message").TryGetProperty("edited_at", out _));
        Assert.Equal(["created_at", "message_id", "type", "user_id"], Names(reacted.GetProperty("reaction")));
        Assert.Equal(0, ChatIn(bobsList, chatId).GetProperty("unread_count").GetInt32());
        Assert.Equal(1, ChatIn(alicesList, chatId).GetProperty("unread_count").GetInt32());
        Assert.Equal("yes, here", ChatIn(alicesList, chatId).GetProperty("last_message").GetProperty("text").GetString());
        Assert.Equal(["chat_id", "last_read_at", "user_id"], Names(read.GetProperty("read")));
        Assert.Equal(0, ChatIn(alicesListAfter, chatId).GetProperty("unread_count").GetInt32());
        Assert.Equal(replyMessage.GetProperty("sent_at").GetString(), ChatIn(alicesListAfter, chatId).GetProperty("last_read_at").GetString());
        var firstListed = page.GetProperty("messages")[1];
        Assert.Equal(1, firstListed.GetProperty("reaction_counts").GetProperty("👍").GetInt32());
        Assert.Equal(["👍"], firstListed.GetProperty("own_reactions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("", deleted.GetProperty("message").GetProperty("text").GetString());
        Assert.True(deleted.GetProperty("message").TryGetProperty("deleted_at", out _));
        Assert.False(deleted.GetProperty("message").TryGetProperty("metadata", out _));
        var types = events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["message.new", "message.new", "message.updated", "reaction.new", "message.read", "message.deleted"], types);
        Assert.Equal(6, events.GetProperty("last_seq").GetInt64());
        Assert.Equal(["at", "chat_id", "message", "reaction", "seq", "type", "user_id"], Names(events.GetProperty("events")[3]));
        Assert.Equal(["at", "chat_id", "read", "seq", "type", "user_id"], Names(events.GetProperty("events")[4]));
        Assert.Equal(5, later.GetProperty("events").EnumerateArray().Single().GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task RefusalsAreMicroErrors()
    {
        var (chatId, alice, bob) = await NewChatAsync(Http);
        var message = await PostOkAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "mine" });
        var id = message.GetProperty("message").GetProperty("id").GetString()!;

        AssertMicroError(HttpStatusCode.NotFound, "MESSAGE_NOT_FOUND", await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = bob, text = "re", reply_to_id = "nope" }));
        AssertMicroError(HttpStatusCode.NotFound, "MESSAGE_NOT_FOUND", await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chatId, id = "nope", author_id = alice, text = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_AUTHOR", await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chatId, id, author_id = bob, text = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_AUTHOR", await PostAsync(Http, "/v1/chats/DeleteMessage", new { chat_id = chatId, id, author_id = bob }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await PostAsync(Http, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = id, user_id = "mallory", type = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await PostAsync(Http, "/v1/chats/MarkRead", new { chat_id = chatId, user_id = "mallory", sent_at = "2026-01-01T00:00:00Z" }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await PostAsync(Http, "/v1/chats/ListEvents", new { chat_id = chatId, user_id = "mallory" }));
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await PostAsync(Http, "/v1/chats/ListEvents", new { chat_id = Guid.NewGuid().ToString() }));
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_ID", await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chatId, author_id = alice, text = "x" }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chatId, id, author_id = alice }));
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_AUTHOR_ID", await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chatId, id, text = "x" }));
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_MESSAGE_ID", await PostAsync(Http, "/v1/chats/AddReaction", new { chat_id = chatId, user_id = bob, type = "x" }));
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_TYPE", await PostAsync(Http, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = id, user_id = bob }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = id, user_id = bob, type = new string('x', 65) }));
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_SENT_AT", await PostAsync(Http, "/v1/chats/MarkRead", new { chat_id = chatId, user_id = bob }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/ListEvents", new { chat_id = chatId, after_seq = -1 }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/ListEvents", new { chat_id = chatId, after_seq = "seven" }));

        await PostOkAsync(Http, "/v1/chats/DeleteMessage", new { chat_id = chatId, id, author_id = alice });
        AssertMicroError(HttpStatusCode.Conflict, "MESSAGE_DELETED", await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chatId, id, author_id = alice, text = "x" }));
        AssertMicroError(HttpStatusCode.Conflict, "MESSAGE_DELETED", await PostAsync(Http, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = id, user_id = bob, type = "x" }));
    }

    [Theory]
    [InlineData("""{"a": 1}""")]
    [InlineData("""["a"]""")]
    [InlineData("""{"": "empty key"}""")]
    [InlineData("""{"k\u0001": "control"}""")]
    [InlineData("""{"v": "bad \u0001 value"}""")]
    public async Task MetadataOfTheWrongShapeIsABadRequest(string metadata)
    {
        var (chatId, alice, _) = await NewChatAsync(Http);

        var reply = await PostAsync(Http, "/v1/chats/CreateMessage", $$"""{"chat_id": "{{chatId}}", "author_id": "{{alice}}", "text": "t", "metadata": {{metadata}}}""");

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", reply);
        Assert.Contains("metadata", reply.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MetadataLimitsAreKeysKeyLengthAndSize()
    {
        var (chatId, alice, _) = await NewChatAsync(Http);
        var sixteen = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", i => "v");
        var seventeen = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");
        var longKey = new Dictionary<string, string> { [new string('k', 65)] = "v" };
        var tooBig = new Dictionary<string, string> { ["a"] = new string('v', 2100), ["b"] = new string('v', 2100) };

        await PostOkAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "t", metadata = sixteen });
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "t", metadata = seventeen }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "t", metadata = longKey }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "t", metadata = tooBig }));
    }

    [Fact]
    public async Task AUserTokenChangesOnlyItsOwnAndActsOnlyAsItself()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var server = ClientWithKey(fixture.KeyedGateway, AlphaKey);
        var asAlice = ClientWithKey(fixture.KeyedGateway, TestTokens.Alpha(alice));
        var chatId = (await PostOkAsync(server, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob } })).GetProperty("chat").GetProperty("id").GetString()!;
        var own = (await PostOkAsync(asAlice, "/v1/chats/CreateMessage", new { chat_id = chatId, text = "mine" })).GetProperty("message").GetProperty("id").GetString()!;
        var bobs = (await PostOkAsync(server, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = bob, text = "bob's" })).GetProperty("message").GetProperty("id").GetString()!;

        // Allowed: own message, as herself (the fields naming her may be left out).
        await PostOkAsync(asAlice, "/v1/chats/UpdateMessage", new { chat_id = chatId, id = own, text = "mine, edited" });
        await PostOkAsync(asAlice, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = bobs, type = "👍" });
        await PostOkAsync(asAlice, "/v1/chats/MarkRead", new { chat_id = chatId, sent_at = "2099-01-01T00:00:00Z" });
        await PostOkAsync(asAlice, "/v1/chats/ListEvents", new { chat_id = chatId });

        // Refused: another's message, or acting as another user.
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_AUTHOR", await PostAsync(asAlice, "/v1/chats/UpdateMessage", new { chat_id = chatId, id = bobs, text = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_AUTHOR", await PostAsync(asAlice, "/v1/chats/DeleteMessage", new { chat_id = chatId, id = bobs }));
        AssertMicroError(HttpStatusCode.Forbidden, "AUTHOR_MISMATCH", await PostAsync(asAlice, "/v1/chats/UpdateMessage", new { chat_id = chatId, id = bobs, author_id = bob, text = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "USER_MISMATCH", await PostAsync(asAlice, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = bobs, user_id = bob, type = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "USER_MISMATCH", await PostAsync(asAlice, "/v1/chats/MarkRead", new { chat_id = chatId, user_id = bob, sent_at = "2099-01-01T00:00:00Z" }));

        // A server key names the user it acts for, and may delete anyone's message.
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_USER_ID", await PostAsync(server, "/v1/chats/AddReaction", new { chat_id = chatId, message_id = bobs, type = "x" }));
        var moderated = await PostOkAsync(server, "/v1/chats/DeleteMessage", new { chat_id = chatId, id = own });
        Assert.True(moderated.GetProperty("message").TryGetProperty("deleted_at", out _));
        var listed = await PostOkAsync(asAlice, "/v1/chats/ListMessages", new { chat_id = chatId });
        Assert.Equal(["👍"], listed.GetProperty("messages")[0].GetProperty("own_reactions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task EveryMutatingCallCanBeRepeatedWithoutAnotherEvent()
    {
        var (chatId, alice, bob) = await NewChatAsync(Http);
        var sent = (await PostOkAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, id = "client-1", author_id = alice, text = "t" })).GetProperty("message");
        var calls = new (string Path, object Body)[]
        {
            ("CreateMessage", new { chat_id = chatId, id = "client-1", author_id = alice, text = "t" }),
            ("UpdateMessage", new { chat_id = chatId, id = "client-1", author_id = alice, text = "t2" }),
            ("AddReaction", new { chat_id = chatId, message_id = "client-1", user_id = bob, type = "ok" }),
            ("RemoveReaction", new { chat_id = chatId, message_id = "client-1", user_id = bob, type = "ok" }),
            ("MarkRead", new { chat_id = chatId, user_id = bob, sent_at = sent.GetProperty("sent_at").GetString() }),
            ("DeleteMessage", new { chat_id = chatId, id = "client-1", author_id = alice }),
        };

        foreach (var (path, body) in calls)
        {
            var once = await PostOkAsync(Http, $"/v1/chats/{path}", body);
            var seqAfterOnce = await LastSeqAsync(chatId);
            var twice = await PostOkAsync(Http, $"/v1/chats/{path}", body);

            Assert.Equal(seqAfterOnce, await LastSeqAsync(chatId));
            if (path != "RemoveReaction")
            {
                Assert.Equal(Names(once), Names(twice));
            }
        }

        Assert.Equal(6, await LastSeqAsync(chatId));
    }

    private async Task<long> LastSeqAsync(string chatId) =>
        (await PostOkAsync(Http, "/v1/chats/ListEvents", new { chat_id = chatId, limit = 1 })).GetProperty("last_seq").GetInt64();

    private static JsonElement ChatIn(JsonElement list, string chatId) =>
        list.GetProperty("chats").EnumerateArray().Single(chat => chat.GetProperty("id").GetString() == chatId);

    private static async Task<(string ChatId, string Alice, string Bob)> NewChatAsync(HttpClient http)
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chat = await PostOkAsync(http, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob } });
        return (chat.GetProperty("chat").GetProperty("id").GetString()!, alice, bob);
    }

    private static async Task<JsonElement> PostOkAsync(HttpClient http, string path, object body)
    {
        var reply = await PostAsync(http, path, body);
        Assert.True(reply.Status == HttpStatusCode.OK, $"{path}: {reply.Status} {reply.Body}");
        return reply.Body;
    }
}
