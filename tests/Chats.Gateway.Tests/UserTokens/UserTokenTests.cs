using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.UserTokens;

/// <summary>
/// User tokens over HTTP, on the collection's gateway with keys and the tenants' signing secrets: each
/// rule both ways (the allowed call and the refused one), and the token attacks.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserTokenTests(ClusterFixture fixture)
{
    private HttpClient Server => ClientWithKey(fixture.KeyedGateway, AlphaKey);

    private HttpClient As(string token) => ClientWithKey(fixture.KeyedGateway, token);

    [Fact]
    public async Task AServerKeyGetsATokenThatSignsItsUserIn()
    {
        var alice = TestData.UserId("alice");

        var issued = await PostAsync(Server, "/v1/chats/CreateUserToken", new { user_id = alice, expires_in = 600 });
        var token = issued.Body.GetProperty("token").GetString()!;
        var listed = await PostAsync(As(token), "/v1/chats/ListChats", "{}");

        Assert.Equal(HttpStatusCode.OK, issued.Status);
        var expiresAt = issued.Body.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(601));
        Assert.Equal(HttpStatusCode.OK, listed.Status);
    }

    [Fact]
    public async Task AUserTokenCannotIssueOrRevokeTokens()
    {
        var token = TestTokens.Alpha(TestData.UserId("alice"));

        AssertMicroError(HttpStatusCode.Forbidden, "SERVER_KEY_REQUIRED", await PostAsync(As(token), "/v1/chats/CreateUserToken", new { user_id = "x" }));
        AssertMicroError(HttpStatusCode.Forbidden, "SERVER_KEY_REQUIRED", await PostAsync(As(token), "/v1/chats/RevokeUserTokens", new { user_id = "x" }));
    }

    [Fact]
    public async Task ALifetimeOverTheTenantsCapIsRefusedWhenIssuing()
    {
        var reply = await PostAsync(Server, "/v1/chats/CreateUserToken", new { user_id = "alice", expires_in = 3 * 3600 });

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", reply);
    }

    [Fact]
    public async Task CreateChatNeedsTheUserAmongTheMembers()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var user = As(TestTokens.Alpha(alice));

        var own = await PostAsync(user, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob } });
        var others = await PostAsync(user, "/v1/chats/CreateChat", new { user_ids = new[] { bob, carol } });

        Assert.Equal(HttpStatusCode.OK, own.Status);
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", others);
    }

    [Fact]
    public async Task CreateMessageIsAsTheUserOnly()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await NewChatAsync(alice, bob);
        var user = As(TestTokens.Alpha(alice));

        var leftOut = await PostAsync(user, "/v1/chats/CreateMessage", new { chat_id = chatId, text = "hi" });
        var named = await PostAsync(user, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "hi again" });
        var asBob = await PostAsync(user, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = bob, text = "not me" });

        Assert.Equal(alice, leftOut.Body.GetProperty("message").GetProperty("author_id").GetString());
        Assert.Equal(HttpStatusCode.OK, named.Status);
        AssertMicroError(HttpStatusCode.Forbidden, "AUTHOR_MISMATCH", asBob);
    }

    [Fact]
    public async Task OnlyAMemberPostsReadsAndStreams()
    {
        var (alice, bob, mallory) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("mallory"));
        var chatId = await NewChatAsync(alice, bob);
        var (member, outsider) = (As(TestTokens.Alpha(bob)), As(TestTokens.Alpha(mallory)));

        var read = await PostAsync(member, "/v1/chats/ListMessages", new { chat_id = chatId });
        var notRead = await PostAsync(outsider, "/v1/chats/ListMessages", new { chat_id = chatId });
        var notPosted = await PostAsync(outsider, "/v1/chats/CreateMessage", new { chat_id = chatId, text = "let me in" });
        using var notStreamed = await outsider.GetAsync($"/v1/chats/Stream?chat_id={chatId}", TestContext.Current.CancellationToken);
        var unknown = await PostAsync(outsider, "/v1/chats/ListMessages", new { chat_id = Guid.NewGuid().ToString() });

        Assert.Equal(HttpStatusCode.OK, read.Status);
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", notRead);
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", notPosted);
        Assert.Equal(HttpStatusCode.Forbidden, notStreamed.StatusCode);
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", unknown);
    }

    [Fact]
    public async Task ARepeatedIdReturnsTheMessageOnlyToItsAuthor()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await NewChatAsync(alice, bob);
        var first = await PostAsync(As(TestTokens.Alpha(alice)), "/v1/chats/CreateMessage", new { id = "m-1", chat_id = chatId, text = "secret" });

        var again = await PostAsync(As(TestTokens.Alpha(alice)), "/v1/chats/CreateMessage", new { id = "m-1", chat_id = chatId, text = "retry" });
        var byBob = await PostAsync(As(TestTokens.Alpha(bob)), "/v1/chats/CreateMessage", new { id = "m-1", chat_id = chatId, text = "guess" });

        Assert.Equal(first.Body.GetProperty("message").GetRawText(), again.Body.GetProperty("message").GetRawText());
        AssertMicroError(HttpStatusCode.Conflict, "ID_CONFLICT", byBob);
        Assert.DoesNotContain("secret", byBob.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListChatsAndStreamAreForTheUsersOwnId()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await NewChatAsync(alice, bob);
        var user = As(TestTokens.Alpha(alice));

        var own = await PostAsync(user, "/v1/chats/ListChats", new { user_id = alice });
        var others = await PostAsync(user, "/v1/chats/ListChats", new { user_id = bob });
        using var otherStream = await user.GetAsync($"/v1/chats/Stream?chat_id={chatId}&user_id={bob}", TestContext.Current.CancellationToken);

        Assert.Equal(chatId, Assert.Single(own.Body.GetProperty("chats").EnumerateArray()).GetProperty("id").GetString());
        AssertMicroError(HttpStatusCode.Forbidden, "USER_MISMATCH", others);
        Assert.Equal(HttpStatusCode.Forbidden, otherStream.StatusCode);
    }

    [Fact]
    public async Task TheQueryFormOfATokenIsForStreamOnly()
    {
        var alice = TestData.UserId("alice");
        var chatId = await NewChatAsync(alice, TestData.UserId("bob"));
        var token = TestTokens.Alpha(alice);
        var anonymous = fixture.KeyedGateway.CreateClient();

        var post = await PostAsync(anonymous, $"/v1/chats/ListChats?access_token={token}", "{}");
        await using var stream = await Streaming.SseStream.OpenAsync(anonymous, $"/v1/chats/Stream?chat_id={chatId}&access_token={token}");

        AssertMicroError(HttpStatusCode.Unauthorized, "UNAUTHORIZED", post);
        Assert.NotNull(stream);
    }

    public static TheoryData<string, string> Attacks => new()
    {
        { "alg none", Unsigned(TestData.UserId("u")) },
        { "unknown kid", TestTokens.Sign(AlphaSecret, "no-such-kid", "chats:alpha", "u") },
        { "another tenant's kid", TestTokens.Sign(BetaSecret, "beta-1", "chats:alpha", "u") },
        { "another tenant's secret", TestTokens.Sign(BetaSecret, "alpha-2026", "chats:alpha", "u") },
        { "tampered payload", Tampered(TestTokens.Alpha("alice")) },
        // An hour ahead, not minutes: these tokens are made when the tests are discovered, minutes before this one runs.
        { "not yet valid", TestTokens.Alpha("u", t => (t.NotBefore, t.Expires) = (DateTime.UtcNow.AddHours(1), DateTime.UtcNow.AddHours(1).AddMinutes(20))) },
        { "iat in the future", TestTokens.Alpha("u", t => (t.IssuedAt, t.Expires) = (DateTime.UtcNow.AddHours(1), DateTime.UtcNow.AddHours(1).AddMinutes(10))) },
        { "lifetime over the cap", TestTokens.Alpha("u", t => t.Expires = DateTime.UtcNow.AddHours(3)) },
        { "no exp", TestTokens.Alpha("u", t => t.Expires = null) },
        { "no user claim", TestTokens.Alpha("u", t => t.Claims = new Dictionary<string, object>()) },
        { "wrong audience", TestTokens.Alpha("u", t => t.Audience = "someone-else") },
        { "HS384", TestTokens.Alpha("u", t => t.SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(AlphaSecret) { KeyId = "alpha-2026" }, SecurityAlgorithms.HmacSha384)) },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ForgedOrBrokenTokensAreTokenInvalid(string attack, string token)
    {
        var reply = await PostAsync(As(token), "/v1/chats/ListChats", "{}");

        AssertMicroError(HttpStatusCode.Unauthorized, "TOKEN_INVALID", reply);
        Assert.DoesNotContain(token, reply.Body.GetRawText(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(attack));
    }

    [Fact]
    public async Task AnExpiredTokenIsTokenExpiredSoTheClientFetchesANewOne()
    {
        var token = TestTokens.Alpha("u", t => (t.IssuedAt, t.NotBefore, t.Expires) = (DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-10)));

        AssertMicroError(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED", await PostAsync(As(token), "/v1/chats/ListChats", "{}"));
    }

    [Fact]
    public async Task TheOlderSigningSecretStillSignsInDuringRotation()
    {
        var token = TestTokens.Sign(AlphaSecretOld, "alpha-2025", "chats:alpha", TestData.UserId("u"));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(As(token), "/v1/chats/ListChats", "{}")).Status);
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedOnEveryGatewayWithinSecondsAndANewOneWorks()
    {
        var alice = TestData.UserId("alice");
        var old = TestTokens.Alpha(alice, t => t.IssuedAt = DateTime.UtcNow.AddSeconds(-30));
        await using var otherGateway = KeyedGateway.Create(fixture.Cluster);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ClientWithKey(otherGateway, old), "/v1/chats/ListChats", "{}")).Status);

        var revoked = await PostAsync(Server, "/v1/chats/RevokeUserTokens", new { user_id = alice, issued_before = DateTimeOffset.UtcNow.AddSeconds(-1) });
        var here = await PostAsync(As(old), "/v1/chats/ListChats", "{}");
        var elsewhere = await WaitForStatusAsync(ClientWithKey(otherGateway, old), HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5));
        var fresh = await PostAsync(As(TestTokens.Alpha(alice)), "/v1/chats/ListChats", "{}");

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        AssertMicroError(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED", here);
        AssertMicroError(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED", elsewhere);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
    }

    [Fact]
    public async Task AStreamEndsWithTokenExpiredWhenItsTokenExpires()
    {
        var alice = TestData.UserId("alice");
        var chatId = await NewChatAsync(alice, TestData.UserId("bob"));
        var token = TestTokens.Alpha(alice, t => t.Expires = DateTime.UtcNow.AddSeconds(3));

        await using var stream = await Streaming.SseStream.OpenAsync(As(token), $"/v1/chats/Stream?chat_id={chatId}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ended = await stream.ReadEventAsync(timeout.Token);

        Assert.NotNull(ended);
        Assert.Equal("error", ended.Type);
        Assert.Equal("TOKEN_EXPIRED", JsonDocument.Parse(ended.Data).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ARevokedUsersOpenStreamEndsWithTokenExpired()
    {
        var alice = TestData.UserId("alice");
        var chatId = await NewChatAsync(alice, TestData.UserId("bob"));
        var token = TestTokens.Alpha(alice, t => t.IssuedAt = DateTime.UtcNow.AddSeconds(-30));
        await using var stream = await Streaming.SseStream.OpenAsync(As(token), $"/v1/chats/Stream?chat_id={chatId}");

        await PostAsync(Server, "/v1/chats/RevokeUserTokens", new { user_id = alice });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ended = await stream.ReadEventAsync(timeout.Token);

        Assert.NotNull(ended);
        Assert.Equal("error", ended.Type);
        Assert.Equal("TOKEN_EXPIRED", JsonDocument.Parse(ended.Data).RootElement.GetProperty("id").GetString());
    }

    private async Task<string> NewChatAsync(params string[] users) =>
        (await PostAsync(Server, "/v1/chats/CreateChat", new { user_ids = users })).Body.GetProperty("chat").GetProperty("id").GetString()!;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> WaitForStatusAsync(HttpClient http, HttpStatusCode expected, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var reply = await PostAsync(http, "/v1/chats/ListChats", "{}");
            if (reply.Status == expected || DateTime.UtcNow > deadline)
            {
                return reply;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static string Unsigned(string userId) => TestTokens.Alpha(userId, t => t.SigningCredentials = null);

    // The payload changed after signing (another user), the signature kept.
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"alice\"", "\"mallory\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
