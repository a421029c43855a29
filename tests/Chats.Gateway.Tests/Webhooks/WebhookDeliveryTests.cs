using System.Net;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Webhooks;

/// <summary>
/// Deliveries to a real receiver on loopback that checks every signature with the npm
/// <c>standardwebhooks</c> package: each event of a chat once it is stored, in seq order per chat,
/// through failures, an outage, a 410 and a silo killed mid-delivery.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFixture fixture)
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private HttpClient Http => fixture.Gateway.CreateClient();

    [Fact]
    public async Task EveryEventReachesTheEndpointSignedOnceInSeqOrderPerChatWithTheOfflineMembers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await CreateWebhookAsync(receiver);
        var carol = TestData.UserId("carol");
        await fixture.Client.GetGrain<IPresenceGrain>(TenantKeys.Scope(TenantKeys.DefaultTenant, carol)).ConnectedAsync(Guid.NewGuid());
        try
        {
            var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
            var chats = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CreateGroupAsync(alice, bob, carol)));

            await Task.WhenAll(chats.Select(chat => PostMessagesAsync(chat, alice, 10)));
            var first = await PostAsync(Http, "/v1/chats/ListMessages", new { chat_id = chats[0], limit = 1 });
            var messageId = first.Body.GetProperty("messages")[0].GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Http, "/v1/chats/UpdateMessage", new { chat_id = chats[0], id = messageId, author_id = alice, text = "edited" })).Status);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Http, "/v1/chats/AddReaction", new { chat_id = chats[0], message_id = messageId, user_id = bob, type = "like" })).Status);

            var expected = await StoredEventsAsync(chats);
            var deliveries = await receiver.WaitForAsync(got => AllDelivered(got, expected), Minute);

            AssertSignedInOrderOnce(deliveries, expected);
            var news = Delivered(deliveries, chats).Where(delivery => delivery.Type == "message.new").ToList();
            Assert.Equal(30, news.Count);
            Assert.All(news, delivery => Assert.Equal([alice, bob], delivery.OfflineUserIds!.Order()));
            Assert.Contains(Delivered(deliveries, chats), delivery => delivery.Type == "message.updated" && delivery.Text == "edited");
            Assert.Contains(Delivered(deliveries, chats), delivery => delivery.Type == "reaction.new");
            Assert.All(Delivered(deliveries, chats).Where(delivery => delivery.Type != "message.new"), delivery => Assert.Null(delivery.OfflineUserIds));
            var listed = await PostAsync(Http, "/v1/chats/ListEvents", new { chat_id = chats[1] });
            Assert.Equal(
                listed.Body.GetProperty("events").EnumerateArray().Select(item => item.GetRawText()),
                Delivered(deliveries, [chats[1]]).DistinctBy(delivery => delivery.Seq).Select(delivery => delivery.Event.GetRawText()));
        }
        finally
        {
            await DeleteWebhookAsync(webhook.Id);
        }
    }

    [Fact]
    public async Task AnEndpointAnswering500ToEveryThirdRequestStillGetsEveryEventInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await CreateWebhookAsync(receiver, "message.new");
        await receiver.SetModeAsync("fail-every-3rd");
        try
        {
            var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
            var chats = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CreateGroupAsync(alice, bob)));

            await Task.WhenAll(chats.Select(chat => PostMessagesAsync(chat, alice, 15)));
            var expected = (await StoredEventsAsync(chats)).Where(stored => stored.Type == "message.new").ToList();
            var deliveries = await receiver.WaitForAsync(got => AllDelivered(got, expected), Minute);

            AssertSignedInOrderOnce(deliveries, expected);
            Assert.Contains(deliveries, delivery => delivery.Status == 500);
            Assert.All(Delivered(deliveries, chats), delivery => Assert.Equal("message.new", delivery.Type));
        }
        finally
        {
            await DeleteWebhookAsync(webhook.Id);
        }
    }

    [Fact]
    public async Task AnEndpointDownForAMinuteIsFailingKeepsItsBacklogAndRetryWebhookDeliversItInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await CreateWebhookAsync(receiver, "message.new");
        try
        {
            var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
            var chats = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CreateGroupAsync(alice, bob)));
            await receiver.StopAsync();

            // A minute of writes while it is down: every chat's retries run out (1 s, 2 s).
            var down = DateTime.UtcNow;
            while (DateTime.UtcNow - down < Minute)
            {
                await Task.WhenAll(chats.Select(chat => PostMessagesAsync(chat, alice, 1)));
                await Task.Delay(5_000, TestContext.Current.CancellationToken);
            }

            var failing = await PostAsync(Http, "/v1/chats/ListWebhookDeliveries", new { webhook_id = webhook.Id, status = "failed" });
            var listed = await PostAsync(Http, "/v1/chats/ListWebhooks", "{}");
            await receiver.StartAgainAsync();
            await Task.Delay(3_000, TestContext.Current.CancellationToken);
            var beforeRetry = Delivered(receiver.Deliveries(), chats).Count;
            var retried = await PostAsync(Http, "/v1/chats/RetryWebhook", new { webhook_id = webhook.Id });
            var expected = await StoredEventsAsync(chats);
            var deliveries = await receiver.WaitForAsync(got => AllDelivered(got, expected.Where(stored => stored.Type == "message.new").ToList()), Minute);
            var afterwards = await PostAsync(Http, "/v1/chats/ListWebhookDeliveries", new { webhook_id = webhook.Id });

            Assert.Equal(HttpStatusCode.OK, failing.Status);
            Assert.Equal(chats.Order(), failing.Body.GetProperty("deliveries").EnumerateArray().Select(delivery => delivery.GetProperty("chat_id").GetString()!).Order());
            Assert.All(failing.Body.GetProperty("deliveries").EnumerateArray(), delivery => Assert.Equal(3, delivery.GetProperty("attempts").GetInt32()));
            Assert.Equal("failing", WebhookOf(listed.Body, webhook.Id).GetProperty("status").GetString());
            Assert.Equal(0, beforeRetry);
            Assert.Equal("active", retried.Body.GetProperty("webhook").GetProperty("status").GetString());
            AssertSignedInOrderOnce(deliveries, [.. expected.Where(stored => stored.Type == "message.new")]);
            Assert.Empty(afterwards.Body.GetProperty("deliveries").EnumerateArray());
        }
        finally
        {
            await DeleteWebhookAsync(webhook.Id);
        }
    }

    [Fact]
    public async Task An410DisablesTheEndpointAndEnablingItAgainDeliversWhatFollows()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await CreateWebhookAsync(receiver, "message.new");
        await receiver.SetModeAsync("status:410");
        try
        {
            var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
            var chat = await CreateGroupAsync(alice, bob);
            await PostMessagesAsync(chat, alice, 1);
            await receiver.WaitForAsync(got => got.Any(delivery => delivery.ChatId == chat && delivery.Status == 410), Minute);
            var disabled = await WaitForStatusAsync(webhook.Id, "disabled");

            await receiver.SetModeAsync("ok");
            var enabled = await PostAsync(Http, "/v1/chats/UpdateWebhook", new { webhook_id = webhook.Id, disabled = false });
            await Task.Delay(1_500, TestContext.Current.CancellationToken);
            await PostMessagesAsync(chat, alice, 1);
            var deliveries = await receiver.WaitForAsync(got => got.Any(delivery => delivery.ChatId == chat && delivery.Status == 204), Minute);

            Assert.Equal("active", enabled.Body.GetProperty("webhook").GetProperty("status").GetString());
            Assert.Contains("410", disabled.GetProperty("status_reason").GetString());
            Assert.Single(deliveries, delivery => delivery.ChatId == chat && delivery.Status == 410);
        }
        finally
        {
            await DeleteWebhookAsync(webhook.Id);
        }
    }

    [Fact]
    public async Task AfterARotationEachDeliveryVerifiesWithTheOldAndTheNewSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await CreateWebhookAsync(receiver, "message.new");
        try
        {
            var rotated = await PostAsync(Http, "/v1/chats/RotateWebhookSecret", new { webhook_id = webhook.Id });
            var secret = rotated.Body.GetProperty("webhook").GetProperty("secret").GetString()!;
            await receiver.SetSecretsAsync(webhook.Secret, secret);
            await Task.Delay(1_500, TestContext.Current.CancellationToken);
            var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
            var chat = await CreateGroupAsync(alice, bob);
            await PostMessagesAsync(chat, alice, 2);
            var deliveries = await receiver.WaitForAsync(got => got.Count(delivery => delivery.ChatId == chat) == 2, Minute);

            Assert.NotEqual(webhook.Secret, secret);
            Assert.StartsWith("whsec_", secret);
            Assert.All(deliveries.Where(delivery => delivery.ChatId == chat), delivery =>
            {
                Assert.Equal(2, delivery.Signatures);
                Assert.Equal([true, true], delivery.Verified);
            });
        }
        finally
        {
            await DeleteWebhookAsync(webhook.Id);
        }
    }

    [Fact]
    public async Task ASiloKilledMidDeliveryUnderWritesLosesNothingAndKeepsEachChatsOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await CreateWebhookAsync(receiver, "message.new");
        await receiver.SetModeAsync("slow:20");
        try
        {
            var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
            var chats = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateGroupAsync(alice, bob)));
            using var stop = new CancellationTokenSource();
            var writers = chats.Select(chat => WriteUntilAsync(chat, alice, stop.Token)).ToList();
            await Task.Delay(3_000, TestContext.Current.CancellationToken);

            await fixture.Cluster.KillSiloAsync(fixture.Cluster.SecondarySilos[0], TestContext.Current.CancellationToken);
            await Task.Delay(2_000, TestContext.Current.CancellationToken);
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            await receiver.SetModeAsync("ok");
            var expected = await StoredEventsAsync(chats);
            var deliveries = await receiver.WaitForAsync(got => AllDelivered(got, expected), TimeSpan.FromMinutes(4));

            AssertSignedInOrderOnce(deliveries, expected);
            Assert.True(expected.Count >= 60, $"{expected.Count} messages stored");
        }
        finally
        {
            await DeleteWebhookAsync(webhook.Id);
            if (fixture.Cluster.SecondarySilos.Count == 0)
            {
                await fixture.Cluster.StartAdditionalSiloAsync();
            }
        }
    }

    private async Task<(string Id, string Secret)> CreateWebhookAsync(WebhookReceiver receiver, params string[] eventTypes)
    {
        var created = await PostAsync(Http, "/v1/chats/CreateWebhook", new { url = receiver.Url, event_types = eventTypes, description = "tests" });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var webhook = created.Body.GetProperty("webhook");
        var secret = webhook.GetProperty("secret").GetString()!;
        await receiver.SetSecretsAsync(secret);
        return (webhook.GetProperty("id").GetString()!, secret);
    }

    private async Task DeleteWebhookAsync(string id) =>
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Http, "/v1/chats/DeleteWebhook", new { webhook_id = id })).Status);

    private async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow + Minute;
        while (true)
        {
            var webhook = WebhookOf((await PostAsync(Http, "/v1/chats/ListWebhooks", "{}")).Body, id);
            if (webhook.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, webhook.GetProperty("status").GetString());
                return webhook;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static JsonElement WebhookOf(JsonElement list, string id) =>
        list.GetProperty("webhooks").EnumerateArray().Single(webhook => webhook.GetProperty("id").GetString() == id);

    private async Task<string> CreateGroupAsync(params string[] userIds)
    {
        var created = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = userIds, distinct = false });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return created.Body.GetProperty("chat").GetProperty("id").GetString()!;
    }

    private async Task PostMessagesAsync(string chat, string author, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var posted = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = author, text = $"message {i}" });
            Assert.Equal(HttpStatusCode.OK, posted.Status);
        }
    }

    // Writes until stopped; a write refused while the silo dies is not acknowledged, and only stored events are expected.
    private async Task WriteUntilAsync(string chat, string author, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = chat, author_id = author, text = "under writes" });
        }
    }

    // What the store holds: every event of the chats, read back over the API.
    private async Task<List<(string Chat, long Seq, string Type)>> StoredEventsAsync(IEnumerable<string> chats)
    {
        var events = new List<(string, long, string)>();
        foreach (var chat in chats)
        {
            long after = 0;
            while (true)
            {
                var page = await PostAsync(Http, "/v1/chats/ListEvents", new { chat_id = chat, after_seq = after, limit = 100 });
                var items = page.Body.GetProperty("events").EnumerateArray().ToList();
                events.AddRange(items.Select(item => (chat, item.GetProperty("seq").GetInt64(), item.GetProperty("type").GetString()!)));
                if (items.Count == 0)
                {
                    break;
                }

                after = items[^1].GetProperty("seq").GetInt64();
            }
        }

        return events;
    }

    private static List<ReceivedDelivery> Delivered(IReadOnlyList<ReceivedDelivery> deliveries, IEnumerable<string> chats)
    {
        var wanted = chats.ToHashSet();
        return [.. deliveries.Where(delivery => delivery.Status == 204 && wanted.Contains(delivery.ChatId!))];
    }

    private static bool AllDelivered(IReadOnlyList<ReceivedDelivery> deliveries, IReadOnlyCollection<(string Chat, long Seq, string Type)> expected)
    {
        var delivered = deliveries.Where(delivery => delivery.Status == 204).Select(delivery => (delivery.ChatId, delivery.Seq)).ToHashSet();
        return expected.All(stored => delivered.Contains((stored.Chat, stored.Seq)));
    }

    // Every delivery verified by the independent implementation; per chat, the first 2xx of each event
    // in seq order and nothing unexpected; a repeat only with the webhook-id of the same event.
    private static void AssertSignedInOrderOnce(IReadOnlyList<ReceivedDelivery> deliveries, IReadOnlyList<(string Chat, long Seq, string Type)> expected)
    {
        var chats = expected.Select(stored => stored.Chat).ToHashSet();
        var ours = deliveries.Where(delivery => chats.Contains(delivery.ChatId!)).ToList();
        Assert.All(ours, delivery => Assert.True(delivery.Verified[0], $"delivery {delivery.Id} failed verification"));
        Assert.All(ours.GroupBy(delivery => delivery.Id), same => Assert.Single(same.Select(delivery => (delivery.ChatId, delivery.Seq)).Distinct()));
        foreach (var chat in chats)
        {
            var firstDelivered = ours.Where(delivery => delivery.ChatId == chat && delivery.Status == 204)
                .Select(delivery => delivery.Seq).Distinct().ToList();
            var stored = expected.Where(item => item.Chat == chat).Select(item => item.Seq).Order().ToList();
            Assert.Equal(stored, firstDelivered);
        }
    }
}
