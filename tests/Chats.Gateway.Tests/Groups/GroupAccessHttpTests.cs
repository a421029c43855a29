using System.Net;
using System.Text.Json;
using Chats.Tests.Streaming;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Groups;

/// <summary>
/// A removed member loses access at once (send, read, stream, list), and concurrent member changes
/// each leave exactly one event and one consistent roster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GroupAccessHttpTests(ClusterFixture fixture)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);
    private readonly GroupApi _api = new(fixture.KeyedGateway);

    [Fact]
    public async Task ARemovedMemberCanNoLongerSendReadOrListTheChatAndAnAddedOneCan()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var chatId = await _api.NewGroupAsync(alice, bob);
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = "hello" });
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(carol, "ListMessages", new { chat_id = chatId }));

        await _api.CallAsync(alice, "AddMembers", new { chat_id = chatId, user_ids = new[] { carol } });
        var carolsRow = await ListedAsync(carol, chatId);
        var carolReads = await _api.CallAsync(carol, "ListMessages", new { chat_id = chatId });
        var carolSends = await _api.CallAsync(carol, "CreateMessage", new { chat_id = chatId, text = "joined" });
        await _api.CallAsync(alice, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } });

        Assert.Equal(HttpStatusCode.OK, carolReads.Status);
        Assert.Equal(HttpStatusCode.OK, carolSends.Status);
        // Listed at once, with the newest message, and the history before the join is not unread.
        Assert.Equal("hello", carolsRow!.Value.GetProperty("last_message").GetProperty("text").GetString());
        Assert.Equal((0, 3, false, "team"), (carolsRow.Value.GetProperty("unread_count").GetInt32(), carolsRow.Value.GetProperty("member_count").GetInt32(),
            carolsRow.Value.GetProperty("distinct").GetBoolean(), carolsRow.Value.GetProperty("name").GetString()));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = "still here?" }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(bob, "ListMessages", new { chat_id = chatId }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(bob, "ListEvents", new { chat_id = chatId }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(bob, "MarkRead", new { chat_id = chatId, sent_at = DateTimeOffset.UtcNow }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(bob, "GetChat", new { chat_id = chatId }));
        Assert.DoesNotContain(chatId, await ListedIdsAsync(bob));
        Assert.Contains(chatId, await ListedIdsAsync(alice));
    }

    [Fact]
    public async Task LeavingEndsAccessAndAnOwnerWhoLeavesHandsTheGroupToTheLongestStandingAdmin()
    {
        var (alice, bob, carol, dave) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"), TestData.UserId("dave"));
        var chatId = await _api.NewGroupAsync(alice, bob, carol, dave);
        await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = carol, role = "admin" });

        var daveLeft = await _api.CallAsync(dave, "LeaveChat", new { chat_id = chatId });
        var aliceLeft = await _api.CallAsync(alice, "LeaveChat", new { chat_id = chatId });

        Assert.Equal(HttpStatusCode.OK, daveLeft.Status);
        Assert.Equal(carol, aliceLeft.Body.GetProperty("chat").GetProperty("owner_id").GetString());
        Assert.Equal(new Dictionary<string, string> { [bob] = "member", [carol] = "owner" }, await _api.MembersAsync(bob, chatId));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(alice, "LeaveChat", new { chat_id = chatId }));
        var removed = (await _api.EventsAsync(chatId)).Where(e => e.GetProperty("type").GetString() == "member.removed").ToList();
        Assert.Equal([(dave, dave), (alice, alice)], removed.Select(e => (e.GetProperty("user_id").GetString(), GroupApi.UserIdsOf(e).Single())));
    }

    [Fact]
    public async Task ARemovedMembersStreamGetsTheRemovalThenEndsWithNotAMember()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(alice, bob);

        await using var events = await SseStream.OpenAsync(_api.As(bob), $"/v1/chats/Stream?chat_id={chatId}&events=true");
        await using var messages = await SseStream.OpenAsync(_api.As(bob), $"/v1/chats/Stream?chat_id={chatId}");
        await _api.CallAsync(alice, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } });
        await _api.CallAsync(alice, "CreateMessage", new { chat_id = chatId, text = "after bob" });

        using var deadline = new CancellationTokenSource(ReadTimeout);
        var removal = await events.ReadEventAsync(deadline.Token);
        var eventsEnd = await events.ReadEventAsync(deadline.Token);
        var messagesEnd = await messages.ReadEventAsync(deadline.Token);

        Assert.Equal("member.removed", JsonDocument.Parse(removal!.Data).RootElement.GetProperty("event").GetProperty("type").GetString());
        foreach (var end in new[] { eventsEnd, messagesEnd })
        {
            Assert.Equal("error", end!.Type);
            AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", (HttpStatusCode.Forbidden, JsonDocument.Parse(end.Data).RootElement));
        }

        Assert.Null(await events.ReadEventAsync(deadline.Token));
        Assert.Null(await messages.ReadEventAsync(deadline.Token));
    }

    [Fact]
    public async Task AMemberPostingWhileRemovedHasNothingAfterTheRemoval()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(alice, bob);

        var posting = Task.Run(async () =>
        {
            var (accepted, refused) = (0, 0);
            for (var i = 0; i < 200 && refused < 3; i++)
            {
                var reply = await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = $"loop {i}" });
                if (reply.Status == HttpStatusCode.OK)
                {
                    accepted++;
                }
                else if (reply.Status == HttpStatusCode.TooManyRequests)
                {
                    // A user token's bucket holds 40 posts: a fast machine empties it before the removal lands.
                    await Task.Delay(100);
                }
                else
                {
                    AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", reply);
                    refused++;
                }
            }

            return (accepted, refused);
        });
        await Task.Delay(150, TestContext.Current.CancellationToken);
        await _api.CallAsync(alice, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } });
        var (acceptedCount, refusedCount) = await posting;

        var events = await _api.EventsAsync(chatId);
        var removalSeq = events.Single(e => e.GetProperty("type").GetString() == "member.removed").GetProperty("seq").GetInt64();
        var bobs = events.Where(e => e.GetProperty("type").GetString() == "message.new").Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(3, refusedCount);
        Assert.Equal(acceptedCount, bobs.Count);
        Assert.All(bobs, seq => Assert.True(seq < removalSeq, $"message at seq {seq} after the removal at {removalSeq}"));
    }

    [Fact]
    public async Task TwentyConcurrentAddsEachLeaveOneEvent()
    {
        var owner = TestData.UserId("owner");
        var chatId = await _api.NewGroupAsync(owner);
        var users = Enumerable.Range(0, 20).Select(i => TestData.UserId($"u{i}")).ToArray();

        var replies = await Task.WhenAll(users.Select(user => _api.CallAsync(owner, "AddMembers", new { chat_id = chatId, user_ids = new[] { user } })));

        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        var added = (await _api.EventsAsync(chatId)).Where(e => e.GetProperty("type").GetString() == "member.added").SelectMany(GroupApi.UserIdsOf).ToList();
        Assert.Equal(users.Order(StringComparer.Ordinal), added.Order(StringComparer.Ordinal));
        Assert.Equal(21, (await _api.ChatAsync(owner, chatId)).GetProperty("member_count").GetInt32());
        Assert.Equal(21, (await _api.MembersAsync(owner, chatId)).Count);
        foreach (var user in users.Take(3))
        {
            Assert.Contains(chatId, await ListedIdsAsync(user));
        }
    }

    [Fact]
    public async Task ConcurrentAddAndRemoveOfOneUserEndAsTheirEventsSay()
    {
        var (owner, admin, bob) = (TestData.UserId("owner"), TestData.UserId("admin"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(owner, admin);
        await _api.CallAsync(owner, "SetMemberRole", new { chat_id = chatId, user_id = admin, role = "admin" });

        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(
                _api.CallAsync(owner, "AddMembers", new { chat_id = chatId, user_ids = new[] { bob } }),
                _api.CallAsync(admin, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } }));
        }

        var changes = (await _api.EventsAsync(chatId)).Where(e => e.GetProperty("type").GetString() is "member.added" or "member.removed"
            && GroupApi.UserIdsOf(e).Contains(bob)).Select(e => e.GetProperty("type").GetString()).ToList();
        var isMember = (await _api.MembersAsync(owner, chatId)).ContainsKey(bob);
        Assert.Equal(changes.Count > 0 && changes[^1] == "member.added", isMember);
        // Adds and removals alternate: no user is added twice or removed when absent.
        Assert.All(changes.Zip(changes.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(isMember, (await ListedIdsAsync(bob)).Contains(chatId));
    }

    [Fact]
    public async Task OwnerAndAdminLeavingTogetherLeaveExactlyOneOwner()
    {
        var (owner, admin, member) = (TestData.UserId("owner"), TestData.UserId("admin"), TestData.UserId("member"));
        var chatId = await _api.NewGroupAsync(owner, admin, member);
        await _api.CallAsync(owner, "SetMemberRole", new { chat_id = chatId, user_id = admin, role = "admin" });

        var replies = await Task.WhenAll(
            _api.CallAsync(owner, "LeaveChat", new { chat_id = chatId }),
            _api.CallAsync(admin, "LeaveChat", new { chat_id = chatId }));

        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        Assert.Equal(new Dictionary<string, string> { [member] = "owner" }, await _api.MembersAsync(member, chatId));
        Assert.Equal(member, (await _api.ChatAsync(member, chatId)).GetProperty("owner_id").GetString());
    }

    private async Task<System.Text.Json.JsonElement?> ListedAsync(string userId, string chatId)
    {
        var listed = await _api.CallAsync(userId, "ListChats", new { });
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return listed.Body.GetProperty("chats").EnumerateArray().Where(chat => chat.GetProperty("id").GetString() == chatId).Select(chat => (JsonElement?)chat).SingleOrDefault();
    }

    private async Task<List<string>> ListedIdsAsync(string userId)
    {
        var listed = await _api.CallAsync(userId, "ListChats", new { });
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return [.. listed.Body.GetProperty("chats").EnumerateArray().Select(chat => chat.GetProperty("id").GetString()!)];
    }
}
