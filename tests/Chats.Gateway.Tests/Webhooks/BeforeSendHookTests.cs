using System.Diagnostics;
using System.Net;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Webhooks;

/// <summary>
/// The before-send hook over HTTP, against the Node receiver (which checks its signature with npm
/// <c>standardwebhooks</c>): accept, reject, rewrite, and a hook that does not answer in time, failing
/// open and failing closed; and a slow hook delays its own message only.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class BeforeSendHookTests(WebhookFixture fixture)
{
    private HttpClient Http => fixture.Gateway.CreateClient();

    [Fact]
    public async Task AnAcceptedMessageIsStoredAsSentAndTheHookSawItSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await UseHookAsync(receiver, new { action = "accept" });
        try
        {
            var (chat, alice) = await ChatAsync();

            var posted = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = alice, text = "hello", metadata = new { k = "v" } });

            Assert.Equal(HttpStatusCode.OK, posted.Status);
            Assert.Equal("hello", posted.Body.GetProperty("message").GetProperty("text").GetString());
            var seen = Assert.Single(receiver.Deliveries(), delivery => delivery.ChatId == chat);
            Assert.Equal("message.before_send", seen.Type);
            Assert.Equal([true], seen.Verified);
            Assert.Equal("hello", seen.Text);
            Assert.Equal(alice, seen.Event.GetProperty("message").GetProperty("author_id").GetString());
            Assert.False(seen.Event.GetProperty("edit").GetBoolean());
        }
        finally
        {
            await RemoveHookAsync();
        }
    }

    [Fact]
    public async Task ARejectedMessageIsA422WithTheHooksReasonAndIsNotStored()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await UseHookAsync(receiver, new { action = "reject", reason = "no shouting, please" });
        try
        {
            var (chat, alice) = await ChatAsync();

            var refused = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = alice, text = "HELLO" });
            var listed = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat });

            AssertMicroError(HttpStatusCode.UnprocessableEntity, "MESSAGE_REJECTED", refused);
            Assert.Equal("no shouting, please", refused.Body.GetProperty("detail").GetString());
            Assert.Empty(listed.Body.GetProperty("messages").EnumerateArray());
        }
        finally
        {
            await RemoveHookAsync();
        }
    }

    [Fact]
    public async Task ARewriteReplacesTheTextAndMetadataOfANewMessageAndOfAnEdit()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await UseHookAsync(receiver, new { action = "rewrite", text = "****", metadata = new { moderated = "yes" } });
        try
        {
            var (chat, alice) = await ChatAsync();

            var posted = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = alice, text = "darn" });
            var id = posted.Body.GetProperty("message").GetProperty("id").GetString();
            await receiver.SetHookAsync(new { action = "rewrite", text = "(edited) ****" });
            var edited = await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chat, id, author_id = alice, text = "darn it" });

            Assert.Equal(HttpStatusCode.OK, posted.Status);
            Assert.Equal("****", posted.Body.GetProperty("message").GetProperty("text").GetString());
            Assert.Equal("yes", posted.Body.GetProperty("message").GetProperty("metadata").GetProperty("moderated").GetString());
            Assert.Equal(HttpStatusCode.OK, edited.Status);
            Assert.Equal("(edited) ****", edited.Body.GetProperty("message").GetProperty("text").GetString());
            Assert.Contains(receiver.Deliveries(), delivery => delivery.ChatId == chat && delivery.Event.GetProperty("edit").GetBoolean() && delivery.Text == "darn it");
        }
        finally
        {
            await RemoveHookAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AHookThatDoesNotAnswerInTimeAcceptsFailingOpenAndRefusesFailingClosed(bool failClosed)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await UseHookAsync(receiver, new { action = "reject", reason = "too late to count" }, delayMs: 3_000, budgetMs: 300, failClosed);
        try
        {
            var (chat, alice) = await ChatAsync();
            var clock = Stopwatch.StartNew();

            var reply = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = alice, text = "on time?" });
            var took = clock.Elapsed;
            var listed = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chat });

            Assert.InRange(took, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2));
            if (failClosed)
            {
                AssertMicroError(HttpStatusCode.ServiceUnavailable, "BEFORE_SEND_UNAVAILABLE", reply);
                Assert.Empty(listed.Body.GetProperty("messages").EnumerateArray());
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, reply.Status);
                Assert.Equal("on time?", Assert.Single(listed.Body.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
            }
        }
        finally
        {
            await RemoveHookAsync();
        }
    }

    [Fact]
    public async Task ASlowHookDelaysItsOwnMessageOnlyNotTheChatsOtherCalls()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await UseHookAsync(receiver, new { action = "accept" }, delayMs: 1_000, budgetMs: 5_000);
        try
        {
            var (chat, alice) = await ChatAsync();
            var clock = Stopwatch.StartNew();

            var posts = Enumerable.Range(0, 5).Select(i => PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = alice, text = $"slow {i}" })).ToList();
            await Task.Delay(200, TestContext.Current.CancellationToken);
            var read = await PostAsync(Http, "/v1/chats/MarkRead", new { chat_id = chat, user_id = alice, sent_at = DateTimeOffset.UtcNow });
            var readTook = clock.Elapsed;
            var replies = await Task.WhenAll(posts);
            var allTook = clock.Elapsed;

            Assert.Equal(HttpStatusCode.OK, read.Status);
            Assert.True(readTook < TimeSpan.FromMilliseconds(900), $"MarkRead waited {readTook.TotalMilliseconds:0} ms");
            Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
            Assert.InRange(allTook, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        }
        finally
        {
            await RemoveHookAsync();
        }
    }

    private async Task UseHookAsync(WebhookReceiver receiver, object reply, int delayMs = 0, int budgetMs = 1500, bool failClosed = false)
    {
        var set = await PostAsync(Http, "/v1/chats/SetBeforeSendHook", new { url = receiver.HookUrl, budget_ms = budgetMs, fail_closed = failClosed });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        var hook = set.Body.GetProperty("before_send_hook");
        await receiver.SetSecretsAsync(hook.GetProperty("secret").GetString()!);
        await receiver.SetHookAsync(reply, delayMs);
        var got = await PostAsync(Http, "/v1/chats/GetBeforeSendHook", "{}");
        Assert.Equal(receiver.HookUrl, got.Body.GetProperty("before_send_hook").GetProperty("url").GetString());
        Assert.False(got.Body.GetProperty("before_send_hook").TryGetProperty("secret", out _));
    }

    private async Task RemoveHookAsync()
    {
        var removed = await PostAsync(Http, "/v1/chats/SetBeforeSendHook", new { url = "" });
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.False(removed.Body.TryGetProperty("before_send_hook", out _));
    }

    private async Task<(string Chat, string Alice)> ChatAsync()
    {
        var alice = TestData.UserId("alice");
        var created = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = new[] { alice, TestData.UserId("bob") }, distinct = false });
        return (created.Body.GetProperty("chat").GetProperty("id").GetString()!, alice);
    }
}
