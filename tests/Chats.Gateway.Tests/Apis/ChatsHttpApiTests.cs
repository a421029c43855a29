using System.Net;
using System.Text;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Apis;

/// <summary>Every row of api.md, over HTTP, through the real gateway and a two-silo cluster on Azurite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatsHttpApiTests(ClusterFixture fixture)
{
    public static TheoryData<string> Prefixes => ["/v1/chats", "/protobuf/Chats"];

    private HttpClient Http { get; } = fixture.Gateway.CreateClient();

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task CreateChatReturnsTheChatShapeWithSortedDistinctUserIds(string prefix)
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));

        var reply = await PostAsync(Http, $"{prefix}/CreateChat", new { user_ids = new[] { bob, alice, bob } });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(["chat"], Names(reply.Body));
        var chat = reply.Body.GetProperty("chat");
        Assert.Equal(["created_at", "id", "user_ids"], Names(chat));
        Assert.Equal(new[] { alice, bob }.Order(StringComparer.Ordinal), chat.GetProperty("user_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$", chat.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task CreateChatIsIdempotentAcrossOrderDuplicatesCamelCaseAndBothRouteFamilies()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));

        var first = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob, carol } });
        var second = await PostAsync(Http, "/protobuf/Chats/CreateChat", new { userIds = new[] { carol, carol, bob, alice } });

        Assert.Equal(first.Body.GetRawText(), second.Body.GetRawText());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"user_ids": null}""")]
    [InlineData("""{"user_ids": []}""")]
    [InlineData("""{"user_ids": ["alice"]}""")]
    [InlineData("""{"user_ids": ["alice", "alice"]}""")]
    [InlineData("""{"user_ids": ["alice", ""]}""")]
    public async Task CreateChatWithFewerThanTwoDistinctUsersIsMissingUserIds(string body)
    {
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_USER_IDs", await PostAsync(Http, "/v1/chats/CreateChat", body));
    }

    [Theory]
    [InlineData("""{"user_ids": "abc"}""")]
    [InlineData("""{"user_ids": ["alice", 5]}""")]
    [InlineData("""{"user_ids": ["alice", "bo\u0001b"]}""")]
    [InlineData("""{"user_ids": {"a": 1}}""")]
    public async Task CreateChatWithWrongTypesOrIllegalIdsIsABadRequest(string body)
    {
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateChat", body));
    }

    [Fact]
    public async Task CreateChatWithTooManyOrTooLongUserIdsIsABadRequestNamingTheField()
    {
        var tooMany = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = Enumerable.Range(0, 1001).Select(i => $"u{i}").ToArray() });
        var tooLong = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = new[] { "alice", new string('b', 257) } });

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", tooMany);
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", tooLong);
        Assert.Contains("user_ids", tooMany.Body.GetProperty("detail").GetString());
        Assert.Contains("1000", tooMany.Body.GetProperty("detail").GetString());
        Assert.Contains("256", tooLong.Body.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task CreateMessageReturnsTheMessageShape(string prefix)
    {
        var chat = await NewChatAsync();

        var reply = await PostAsync(Http, $"{prefix}/CreateMessage", new { chat_id = chat.Id, author_id = chat.UserIds[0], text = "hello" });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(["message"], Names(reply.Body));
        var message = reply.Body.GetProperty("message");
        Assert.Equal(["author_id", "chat_id", "id", "sent_at", "seq", "text"], Names(message));
        Assert.Equal(chat.Id, message.GetProperty("chat_id").GetString());
        Assert.Equal("hello", message.GetProperty("text").GetString());
        Assert.True(Guid.TryParse(message.GetProperty("id").GetString(), out _));
    }

    [Theory]
    [InlineData("a/b#c?d")]
    [InlineData("ünïcødé 😀 / # ?")]
    public async Task RepeatingAMessageIdReturnsTheOriginalAndStoresNothingNew(string id)
    {
        var chat = await NewChatAsync();

        var first = await PostAsync(Http, "/v1/chats/CreateMessage", new { id, chat_id = chat.Id, author_id = chat.UserIds[0], text = "first" });
        var again = await PostAsync(Http, "/v1/chats/CreateMessage", new { id, chatId = chat.Id, authorId = chat.UserIds[1], text = "second" });
        var list = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id });

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.GetRawText(), again.Body.GetRawText());
        Assert.Single(list.Body.GetProperty("messages").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"chat_id": "c", "text": "t"}""", "MISSING_AUTHOR_ID")]
    [InlineData("""{"chat_id": "c", "author_id": "", "text": "t"}""", "MISSING_AUTHOR_ID")]
    [InlineData("""{}""", "MISSING_AUTHOR_ID")]
    [InlineData("""{"author_id": "a", "text": "t"}""", "MISSING_CHAT_ID")]
    [InlineData("""{"author_id": "a"}""", "MISSING_CHAT_ID")]
    [InlineData("""{"author_id": "a", "chat_id": "c"}""", "MISSING_TEXT")]
    [InlineData("""{"author_id": "a", "chat_id": "c", "text": null}""", "MISSING_TEXT")]
    public async Task CreateMessageChecksMissingFieldsInTheOrderAuthorChatText(string body, string expectedId)
    {
        AssertMicroError(HttpStatusCode.BadRequest, expectedId, await PostAsync(Http, "/v1/chats/CreateMessage", body));
    }

    [Theory]
    [InlineData("""{"author_id": "a", "chat_id": "c", "text": 5}""")]
    [InlineData("""{"author_id": ["a"], "chat_id": "c", "text": "t"}""")]
    [InlineData("""{"author_id": "a", "chat_id": true, "text": "t"}""")]
    [InlineData("""{"author_id": "a", "chat_id": "c", "text": "t", "id": 7}""")]
    public async Task CreateMessageWithWrongTypesIsABadRequest(string body)
    {
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateMessage", body));
    }

    [Fact]
    public async Task CreateMessageOverTheTextOrIdLimitIsABadRequestNamingTheLimit()
    {
        var chat = await NewChatAsync();

        var longText = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat.Id, author_id = chat.UserIds[0], text = new string('x', 4097) });
        var longId = await PostAsync(Http, "/v1/chats/CreateMessage", new { id = new string('i', 257), chat_id = chat.Id, author_id = chat.UserIds[0], text = "t" });
        var atLimit = await PostAsync(Http, "/v1/chats/CreateMessage", new { id = new string('i', 256), chat_id = chat.Id, author_id = chat.UserIds[0], text = new string('x', 4096) });

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", longText);
        Assert.Contains("4096", longText.Body.GetProperty("detail").GetString());
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", longId);
        Assert.Equal(HttpStatusCode.OK, atLimit.Status);
    }

    [Theory]
    [InlineData("no-such-chat")]
    [InlineData("a/b\\c#d?e")]
    [InlineData("%2F..%00")]
    public async Task AnUnknownChatIdIsNotFoundWhateverItsCharacters(string chatId)
    {
        chatId += Guid.NewGuid();

        var post = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = "a", text = "t" });
        var list = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chatId });

        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", post);
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", list);
    }

    [Theory]
    [InlineData(257, 'c')]
    [InlineData(5000, 'c')]
    [InlineData(200, '/')]
    public async Task AChatIdTooLongToNameAChatIsNotFound(int length, char filler)
    {
        // 200 slashes are within the id limit, but 600 characters once escaped: over a grain-state key.
        var chatId = new string(filler, length);

        var post = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = "a", text = "t" });
        var list = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chatId });

        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", post);
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", list);
    }

    [Fact]
    public async Task AnAuthorWhoIsNotAMemberIsForbidden()
    {
        var chat = await NewChatAsync();

        var reply = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat.Id, author_id = TestData.UserId("mallory"), text = "hi" });

        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", reply);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"chat_id": ""}""")]
    [InlineData("""{"chat_id": null, "limit": 5}""")]
    public async Task ListMessagesWithoutChatIdIsMissingChatId(string body)
    {
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_CHAT_ID", await PostAsync(Http, "/v1/chats/ListMessages", body));
    }

    [Fact]
    public async Task AnExistingChatWithNoMessagesListsAnEmptyArray()
    {
        var chat = await NewChatAsync();

        var reply = await PostAsync(Http, "/protobuf/Chats/ListMessages", new { chat_id = chat.Id });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("""{"messages":[]}""", reply.Body.GetRawText());
    }

    [Theory]
    [InlineData("", 25)]
    [InlineData(""", "limit": null""", 25)]
    [InlineData(""", "limit": {}""", 25)]
    [InlineData(""", "limit": 0""", 25)]
    [InlineData(""", "limit": -3""", 25)]
    [InlineData(""", "limit": 4""", 4)]
    [InlineData(", \"limit\": \"6\"", 6)]
    [InlineData(""", "limit": {"value": 7}""", 7)]
    [InlineData(""", "limit": 5000""", 30)]
    public async Task ListMessagesDefaultsTheLimitTo25(string limitJson, int expectedCount)
    {
        var chat = await NewChatWithMessagesAsync(30);

        var reply = await PostAsync(Http, "/v1/chats/ListMessages", $$"""{"chat_id": "{{chat.Id}}"{{limitJson}}}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(expectedCount, reply.Body.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task ListMessagesCapsTheLimitAtOneThousand()
    {
        var chat = await NewChatAsync();
        await Task.WhenAll(Enumerable.Range(0, 1010).Select(i =>
            fixture.Client.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, chat.UserIds[0], $"m{i}"))));

        var reply = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id, limit = 100_000 });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(1000, reply.Body.GetProperty("messages").GetArrayLength());
    }

    [Theory]
    [InlineData(", \"limit\": \"abc\"")]
    [InlineData(""", "limit": 1.5""")]
    [InlineData(""", "limit": 99999999999""")]
    [InlineData(""", "limit": true""")]
    [InlineData(", \"sent_before\": \"yesterday\"")]
    [InlineData(", \"sent_before\": \"2026-13-45T99:00:00Z\"")]
    [InlineData(""", "sent_before": 12345""")]
    public async Task ListMessagesWithABadLimitOrTimestampIsABadRequest(string extraJson)
    {
        var reply = await PostAsync(Http, "/v1/chats/ListMessages", $$"""{"chat_id": "c"{{extraJson}}}""");

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", reply);
    }

    [Fact]
    public async Task PagingWithSentBeforeOverSixtyMessagesHasNoGapAndNoRepeat()
    {
        var chat = await NewChatWithMessagesAsync(60);
        var seen = new List<string>();
        string? sentBefore = null;

        while (true)
        {
            var reply = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id, sent_before = sentBefore, limit = 9 });
            var messages = reply.Body.GetProperty("messages").EnumerateArray().ToList();
            if (messages.Count == 0)
            {
                break;
            }

            seen.AddRange(messages.Select(message => message.GetProperty("text").GetString()!));
            sentBefore = messages[^1].GetProperty("sent_at").GetString();
        }

        Assert.Equal(Enumerable.Range(0, 60).Reverse().Select(i => $"m{i}"), seen);
    }

    [Fact]
    public async Task ATimestampSentBackDenotesExactlyTheSameInstant()
    {
        var chat = await NewChatWithMessagesAsync(3);
        var all = (await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id })).Body.GetProperty("messages");
        var newestSentAt = all[0].GetProperty("sent_at").GetString()!;
        var asOffset = DateTimeOffset.Parse(newestSentAt, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(2))
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture);

        var before = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id, sent_before = newestSentAt });
        var beforeWithOffset = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id, sent_before = asOffset });
        var nanoseconds = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat.Id, sent_before = newestSentAt.TrimEnd('Z') + "01Z" });

        Assert.Equal(["m1", "m0"], before.Body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(before.Body.GetRawText(), beforeWithOffset.Body.GetRawText());
        Assert.Equal(3, nanoseconds.Body.GetProperty("messages").GetArrayLength());
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"user_ids\": [\"a\", \"b\"]} trailing")]
    [InlineData("{\"user_ids\": [\"a\", \"\\ud800\"]}")]
    public async Task MalformedJsonIsABadRequest(string body)
    {
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateChat", body));
    }

    [Theory]
    [InlineData("""{"user_ids": ["a", "b"], "user_ids": ["c", "d"]}""")]
    [InlineData("""{"user_ids": ["a", "b"], "userIds": ["c", "d"]}""")]
    [InlineData("""{"user_ids": ["a", "b"], "x": {"k": 1, "k": 2}}""")]
    public async Task DuplicateKeysAreABadRequest(string body)
    {
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Http, "/v1/chats/CreateChat", body));
    }

    [Fact]
    public async Task InvalidUtf8IsABadRequest()
    {
        using var content = new ByteArrayContent([0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]);
        using var response = await Http.PostAsync("/v1/chats/CreateMessage", content, TestContext.Current.CancellationToken);

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", (response.StatusCode, await ReadJsonAsync(response)));
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRequestTooLarge()
    {
        var body = $$"""{"user_ids": ["a", "b"], "padding": "{{new string('x', 70 * 1024)}}"}""";

        AssertMicroError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE", await PostAsync(Http, "/v1/chats/CreateChat", body));
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIsRequestTooLarge()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 70 * 1024) + "{}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chats/CreateChat") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);

        AssertMicroError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE", (response.StatusCode, await ReadJsonAsync(response)));
    }

    [Fact]
    public async Task ABodyThatArrivesInPiecesIsReadWhole()
    {
        // Real sockets, a chunked body in three pieces 100 ms apart, the two bytes of "é" in different
        // pieces: the gateway reads from Kestrel's pipe until the body ends, then parses it all.
        await using var gateway = new GatewayFactory(fixture.Cluster);
        using var http = new HttpClient { BaseAddress = gateway.StartOnKestrel() };
        var utf8 = Encoding.UTF8.GetBytes("""{"user_ids": ["pieces-é", "pieces-b"]}""");
        var split = Array.IndexOf(utf8, (byte)0xC3) + 1;
        using var content = new PiecesContent([utf8[..10], utf8[10..split], utf8[split..]], TimeSpan.FromMilliseconds(100));
        using var response = await http.PostAsync("/v1/chats/CreateChat", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = (await ReadJsonAsync(response)).GetProperty("chat");
        Assert.Equal(["pieces-b", "pieces-é"], chat.GetProperty("user_ids").EnumerateArray().Select(id => id.GetString()!).Order(StringComparer.Ordinal));
    }

    /// <summary>A request body sent as chunks, a pause before each (no length: chunked transfer).</summary>
    private sealed class PiecesContent(byte[][] pieces, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var piece in pieces)
            {
                await Task.Delay(pause);
                await stream.WriteAsync(piece);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task AnUnknownPathIsAMicroShapedNotFound()
    {
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await PostAsync(Http, "/v1/chats/DeleteChat", "{}"));
    }

    [Theory]
    [InlineData("GET", "/v1/chats/ListMessages")]
    [InlineData("PUT", "/protobuf/Chats/CreateChat")]
    [InlineData("DELETE", "/v1/chats/CreateMessage")]
    public async Task AnotherMethodThanPostOnAnApiPathIsAMicroShapedMethodNotAllowed(string method, string path)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        AssertMicroError(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED", (response.StatusCode, await ReadJsonAsync(response)));
    }

    [Fact]
    public async Task ACorsPreflightFromAnotherOriginIsAllowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/chats/CreateChat");
        request.Headers.Add("Origin", "http://example.test:3000");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");

        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Fact]
    public async Task ARequestFromAnotherOriginGetsTheCorsHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chats/ListMessages") { Content = new StringContent("{}") };
        request.Headers.Add("Origin", "http://example.test:3000");

        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("https://app.example", true)]
    [InlineData("https://evil.example", false)]
    public async Task ConfiguredOriginsRestrictWhichBrowsersMayCall(string origin, bool allowed)
    {
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string?> { ["Chats:Cors:AllowedOrigins:0"] = "https://app.example" });
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/chats/ListChats");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-request-id");

        using var response = await gateway.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }

    [Theory]
    [InlineData("some-key")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoieCJ9.c2lnbmF0dXJl")]
    public async Task AnOpenServiceIgnoresWhateverCredentialIsSent(string credential)
    {
        var http = fixture.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);

        var reply = await PostAsync(http, "/v1/chats/ListChats", new { user_id = TestData.UserId("anyone") });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    private async Task<Chat> NewChatAsync() => await TestData.NewChatAsync(fixture.Client);

    private async Task<Chat> NewChatWithMessagesAsync(int count)
    {
        var chat = await NewChatAsync();
        for (var i = 0; i < count; i++)
        {
            var reply = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat.Id, author_id = chat.UserIds[i % 2], text = $"m{i}" });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
        }

        return chat;
    }
}
