using System.Net;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Groups;

/// <summary>
/// Group chats over HTTP with user tokens: who may add, remove, rename and change roles, each rule both
/// ways (the allowed call and the refused one), and what each change leaves in the chat's events.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GroupRulesHttpTests(ClusterFixture fixture)
{
    private readonly GroupApi _api = new(fixture.KeyedGateway);

    [Fact]
    public async Task AGroupIsNewEachTimeOwnedByItsCreatorAndShowsItsProfile()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));

        var first = await _api.CallAsync(alice, "CreateChat", new { user_ids = new[] { bob }, distinct = false, name = "Climbing", metadata = new { topic = "weekend" } });
        var second = await _api.CallAsync(alice, "CreateChat", new { user_ids = new[] { bob }, distinct = false, name = "Climbing" });
        var alone = await _api.CallAsync(bob, "CreateChat", new { user_ids = Array.Empty<string>(), distinct = false });

        Assert.Equal(HttpStatusCode.OK, first.Status);
        var chat = first.Body.GetProperty("chat");
        Assert.Equal(["created_at", "distinct", "id", "member_count", "metadata", "name", "owner_id", "user_ids"], Names(chat));
        Assert.Equal(("Climbing", false, alice, 2), (chat.GetProperty("name").GetString(), chat.GetProperty("distinct").GetBoolean(),
            chat.GetProperty("owner_id").GetString(), chat.GetProperty("member_count").GetInt32()));
        Assert.Equal("weekend", chat.GetProperty("metadata").GetProperty("topic").GetString());
        Assert.NotEqual(chat.GetProperty("id").GetString(), second.Body.GetProperty("chat").GetProperty("id").GetString());
        Assert.Equal(1, alone.Body.GetProperty("chat").GetProperty("member_count").GetInt32());
        Assert.Equal(new Dictionary<string, string> { [alice] = "owner", [bob] = "member" }, await _api.MembersAsync(bob, chat.GetProperty("id").GetString()!));
        var founders = await _api.CallAsync(bob, "ListMembers", new { chat_id = chat.GetProperty("id").GetString() });
        Assert.All(founders.Body.GetProperty("members").EnumerateArray(), member => Assert.Equal(chat.GetProperty("created_at").GetString(), member.GetProperty("joined_at").GetString()));
    }

    [Fact]
    public async Task OnlyMembersGetTheChatOrItsMembers()
    {
        var (alice, bob, mallory) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("mallory"));
        var chatId = await _api.NewGroupAsync(alice, bob);

        Assert.Equal(chatId, (await _api.ChatAsync(bob, chatId)).GetProperty("id").GetString());
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(mallory, "GetChat", new { chat_id = chatId }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", await _api.CallAsync(mallory, "ListMembers", new { chat_id = chatId }));
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await _api.CallAsync(alice, "GetChat", new { chat_id = Guid.NewGuid().ToString() }));
    }

    [Fact]
    public async Task OwnersAndAdminsAddMembersAndPlainMembersMayNot()
    {
        var (alice, bob, carol, dave) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"), TestData.UserId("dave"));
        var chatId = await _api.NewGroupAsync(alice, bob);

        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(bob, "AddMembers", new { chat_id = chatId, user_ids = new[] { carol } }));
        var byOwner = await _api.CallAsync(alice, "AddMembers", new { chat_id = chatId, user_ids = new[] { carol } });
        var again = await _api.CallAsync(alice, "AddMembers", new { chat_id = chatId, user_ids = new[] { carol } });
        await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = bob, role = "admin" });
        var byAdmin = await _api.CallAsync(bob, "AddMembers", new { chat_id = chatId, user_ids = new[] { dave } });

        Assert.Equal(HttpStatusCode.OK, byOwner.Status);
        Assert.Equal(3, byOwner.Body.GetProperty("chat").GetProperty("member_count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(HttpStatusCode.OK, byAdmin.Status);
        var added = (await _api.EventsAsync(chatId)).Where(e => e.GetProperty("type").GetString() == "member.added").ToList();
        Assert.Equal([(alice, carol), (bob, dave)], added.Select(e => (e.GetProperty("user_id").GetString(), GroupApi.UserIdsOf(e).Single())));
    }

    [Fact]
    public async Task AdminsRemoveMembersButNotOtherAdminsOrTheOwnerWhoRemovesAnyone()
    {
        var (alice, bob, carol, dave) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"), TestData.UserId("dave"));
        var chatId = await _api.NewGroupAsync(alice, bob, carol, dave);
        await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = bob, role = "admin" });
        await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = carol, role = "admin" });

        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(dave, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(bob, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { carol } }));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(bob, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { alice } }));
        var byAdmin = await _api.CallAsync(bob, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { dave } });
        var byOwner = await _api.CallAsync(alice, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { carol } });

        Assert.Equal(HttpStatusCode.OK, byAdmin.Status);
        Assert.Equal(HttpStatusCode.OK, byOwner.Status);
        Assert.Equal(new Dictionary<string, string> { [alice] = "owner", [bob] = "admin" }, await _api.MembersAsync(alice, chatId));
    }

    [Fact]
    public async Task OnlyTheOwnerChangesRolesAndPassingOwnershipLeavesOneOwner()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var chatId = await _api.NewGroupAsync(alice, bob, carol);

        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(bob, "SetMemberRole", new { chat_id = chatId, user_id = bob, role = "admin" }));
        AssertMicroError(HttpStatusCode.BadRequest, "OWNER_REQUIRED", await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = alice, role = "member" }));
        AssertMicroError(HttpStatusCode.NotFound, "MEMBER_NOT_FOUND", await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = TestData.UserId("x"), role = "admin" }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = bob, role = "king" }));
        var passed = await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = bob, role = "owner" });

        Assert.Equal(bob, passed.Body.GetProperty("chat").GetProperty("owner_id").GetString());
        Assert.Equal(new Dictionary<string, string> { [alice] = "admin", [bob] = "owner", [carol] = "member" }, await _api.MembersAsync(carol, chatId));
        var updated = (await _api.EventsAsync(chatId)).Where(e => e.GetProperty("type").GetString() == "member.updated").ToList();
        Assert.Equal([(bob, "owner"), (alice, "admin")], updated.Select(e => (GroupApi.UserIdsOf(e).Single(), e.GetProperty("members").GetProperty("role").GetString())));
        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(alice, "SetMemberRole", new { chat_id = chatId, user_id = carol, role = "admin" }));
    }

    [Fact]
    public async Task OwnersAndAdminsRenameAGroupAndEveryoneHearsIt()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(alice, bob);

        AssertMicroError(HttpStatusCode.Forbidden, "NOT_ALLOWED", await _api.CallAsync(bob, "UpdateChat", new { chat_id = chatId, name = "mine" }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await _api.CallAsync(alice, "UpdateChat", new { chat_id = chatId, name = new string('n', 257) }));
        var renamed = await _api.CallAsync(alice, "UpdateChat", new { chat_id = chatId, name = "Ours", metadata = new { image = "https://example.com/a.png" } });
        var same = await _api.CallAsync(alice, "UpdateChat", new { chat_id = chatId, name = "Ours" });
        var removeAbsent = await _api.CallAsync(alice, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { TestData.UserId("nobody") } });

        Assert.Equal("Ours", renamed.Body.GetProperty("chat").GetProperty("name").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (same.Status, removeAbsent.Status));
        Assert.Equal("Ours", (await _api.ChatAsync(bob, chatId)).GetProperty("name").GetString());
        // Renaming to the same name and removing someone absent change nothing and emit nothing.
        var update = Assert.Single(await _api.EventsAsync(chatId));
        Assert.Equal("chat.updated", update.GetProperty("type").GetString());
        Assert.Equal((alice, "Ours"), (update.GetProperty("user_id").GetString(), update.GetProperty("chat").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ADistinctChatRefusesMemberChangesButItsMembersMayNameIt()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var created = await _api.CallAsync(alice, "CreateChat", new { user_ids = new[] { alice, bob } });
        var chatId = created.Body.GetProperty("chat").GetProperty("id").GetString()!;

        AssertMicroError(HttpStatusCode.BadRequest, "CHAT_IS_DISTINCT", await _api.CallAsync(alice, "AddMembers", new { chat_id = chatId, user_ids = new[] { carol } }));
        AssertMicroError(HttpStatusCode.BadRequest, "CHAT_IS_DISTINCT", await _api.CallAsync(alice, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } }));
        AssertMicroError(HttpStatusCode.BadRequest, "CHAT_IS_DISTINCT", await _api.CallAsync(alice, "LeaveChat", new { chat_id = chatId }));
        var named = await _api.CallAsync(bob, "UpdateChat", new { chat_id = chatId, name = "us two" });

        // A distinct chat's object is as m3o clients know it: no distinct, owner or member count.
        Assert.Equal(["created_at", "id", "user_ids"], Names(created.Body.GetProperty("chat")));
        Assert.Equal(["created_at", "id", "name", "user_ids"], Names(named.Body.GetProperty("chat")));
        Assert.Equal("us two", named.Body.GetProperty("chat").GetProperty("name").GetString());
        Assert.Equal(new Dictionary<string, string> { [alice] = "member", [bob] = "member" }, await _api.MembersAsync(alice, chatId));
        var again = await _api.CallAsync(bob, "CreateChat", new { user_ids = new[] { bob, alice } });
        Assert.Equal(chatId, again.Body.GetProperty("chat").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AServerKeyActsAsTheServiceAndNamesTheOwner()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));

        var created = await PostAsync(_api.Server, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob }, distinct = false, owner_id = bob });
        var chatId = created.Body.GetProperty("chat").GetProperty("id").GetString()!;
        var added = await PostAsync(_api.Server, "/v1/chats/AddMembers", new { chat_id = chatId, user_ids = new[] { carol } });
        var removed = await PostAsync(_api.Server, "/v1/chats/RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } });

        Assert.Equal(bob, created.Body.GetProperty("chat").GetProperty("owner_id").GetString());
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(alice, removed.Body.GetProperty("chat").GetProperty("owner_id").GetString());
        var events = await _api.EventsAsync(chatId);
        Assert.All(events.Where(e => e.GetProperty("type").GetString()!.StartsWith("member.", StringComparison.Ordinal)), e => Assert.False(e.TryGetProperty("user_id", out _)));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(_api.Server, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob }, owner_id = bob }));
    }

    [Fact]
    public async Task TheMemberLimitRefusesCreateAndAddPastIt()
    {
        await using var gateway = Authentication.KeyedGateway.Create(fixture.Cluster, new Dictionary<string, string?> { ["Chats:Limits:MaxMembers"] = "3" });
        var api = new GroupApi(gateway);
        var (alice, bob, carol, dave) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"), TestData.UserId("dave"));
        var chatId = await api.NewGroupAsync(alice, bob);

        AssertMicroError(HttpStatusCode.BadRequest, "TOO_MANY_MEMBERS", await api.CallAsync(alice, "CreateChat", new { user_ids = new[] { bob, carol, dave }, distinct = false }));
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync(alice, "AddMembers", new { chat_id = chatId, user_ids = new[] { carol } })).Status);
        AssertMicroError(HttpStatusCode.BadRequest, "TOO_MANY_MEMBERS", await api.CallAsync(alice, "AddMembers", new { chat_id = chatId, user_ids = new[] { dave } }));
        Assert.Equal(3, (await api.ChatAsync(alice, chatId)).GetProperty("member_count").GetInt32());
    }

    [Fact]
    public async Task MembersArePagedByUserId()
    {
        var owner = TestData.UserId("owner");
        var others = Enumerable.Range(0, 24).Select(i => TestData.UserId($"m{i:00}")).ToArray();
        var chatId = await _api.NewGroupAsync(owner, others);

        var members = await _api.MembersAsync(owner, chatId, pageSize: 5);
        var first = await _api.CallAsync(owner, "ListMembers", new { chat_id = chatId, limit = 5 });

        // In user id order across pages (a dictionary keeps the order it was filled in), each member once.
        Assert.Equal(others.Append(owner).Order(StringComparer.Ordinal), members.Keys);
        Assert.Equal(members.Keys.Take(5), first.Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("user_id").GetString()!));
        Assert.True(first.Body.GetProperty("has_more").GetBoolean());
        Assert.All(first.Body.GetProperty("members").EnumerateArray(), m => Assert.Equal(["joined_at", "online", "role", "user_id"], Names(m)));
        Assert.Equal(10, (await _api.ChatAsync(owner, chatId)).GetProperty("user_ids").GetArrayLength());
    }

    [Fact]
    public async Task EmptyUserIdsNameNobody()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var created = await PostAsync(_api.Server, "/v1/chats/CreateChat", new { user_ids = new[] { "", alice }, distinct = false, owner_id = "" });
        var chatId = created.Body.GetProperty("chat").GetProperty("id").GetString()!;

        var onlyEmpty = await PostAsync(_api.Server, "/v1/chats/AddMembers", new { chat_id = chatId, user_ids = new[] { "" } });
        var withEmpty = await PostAsync(_api.Server, "/v1/chats/AddMembers", new { chat_id = chatId, user_ids = new[] { "", bob } });
        var removeEmpty = await PostAsync(_api.Server, "/v1/chats/RemoveMembers", new { chat_id = chatId, user_ids = new[] { "", "NaN" } });
        var getAsEmpty = await PostAsync(_api.Server, "/v1/chats/GetChat", new { chat_id = chatId, user_id = "" });
        var membersAsEmpty = await PostAsync(_api.Server, "/v1/chats/ListMembers", new { chat_id = chatId, user_id = "", after = "" });
        var leaveEmpty = await PostAsync(_api.Server, "/v1/chats/LeaveChat", new { chat_id = chatId, user_id = "" });
        var roleOfEmpty = await PostAsync(_api.Server, "/v1/chats/SetMemberRole", new { chat_id = chatId, user_id = "", role = "admin" });

        Assert.Equal((alice, 1), (created.Body.GetProperty("chat").GetProperty("owner_id").GetString(), created.Body.GetProperty("chat").GetProperty("member_count").GetInt32()));
        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_USER_IDs", onlyEmpty);
        Assert.Equal(2, withEmpty.Body.GetProperty("chat").GetProperty("member_count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, removeEmpty.Status);
        Assert.All(new[] { getAsEmpty, membersAsEmpty, leaveEmpty, roleOfEmpty }, reply => Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{reply.Status}: {reply.Body}"));
        Assert.Equal(new Dictionary<string, string> { [alice] = "owner", [bob] = "member" }, await _api.MembersAsync(alice, chatId));
    }
}
