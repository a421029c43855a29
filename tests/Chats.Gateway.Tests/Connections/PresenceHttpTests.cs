using System.Net;
using System.Text.Json;
using Chats.Tests.Groups;
using Chats.Tests.Streaming;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Connections;

/// <summary>Presence over real HTTP with user tokens: online while connected, heard by connections watching the chat, debounced, and off for a tenant that turns it off.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PresenceHttpTests(ClusterFixture fixture)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);
    private readonly GroupApi _api = new(fixture.KeyedGateway);

    [Fact]
    public async Task AConnectedMemberIsOnlineForWatchersAndInListMembersAndGetChatAndOfflineOnceTheyLeave()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(alice, bob);
        await using var watching = await SseStream.OpenAsync(_api.As(alice), $"/v1/chats/Connect?watch={chatId}");
        using var deadline = new CancellationTokenSource(ReadTimeout);

        var before = await NextPresenceAsync(watching, deadline.Token);
        var bobs = await SseStream.OpenAsync(_api.As(bob), "/v1/chats/Connect");
        var online = await NextPresenceAsync(watching, deadline.Token);
        var listed = await _api.CallAsync(alice, "ListMembers", new { chat_id = chatId });
        var got = await _api.CallAsync(alice, "GetChat", new { chat_id = chatId });
        await bobs.DisposeAsync();
        var offline = await NextPresenceAsync(watching, deadline.Token);

        Assert.Equal((bob, false), (Presence(before).UserId, Presence(before).Online));
        Assert.Equal((bob, true), (Presence(online).UserId, Presence(online).Online));
        var bobListed = listed.Body.GetProperty("members").EnumerateArray().Single(member => member.GetProperty("user_id").GetString() == bob);
        Assert.True(bobListed.GetProperty("online").GetBoolean());
        var shown = got.Body.GetProperty("presence").EnumerateArray().ToDictionary(p => p.GetProperty("user_id").GetString()!, p => p.GetProperty("online").GetBoolean());
        Assert.Equal(got.Body.GetProperty("chat").GetProperty("user_ids").EnumerateArray().Select(id => id.GetString()!).Order(), shown.Keys.Order());
        Assert.True(shown[alice] && shown[bob]);
        Assert.Equal((bob, false), (Presence(offline).UserId, Presence(offline).Online));
        Assert.True(offline.GetProperty("presence").TryGetProperty("last_active_at", out _));
    }

    [Fact]
    public async Task AFlappingUserChangesStateForWatchersAtMostOnceInFiveSeconds()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(alice, bob);
        await using var watching = await SseStream.OpenAsync(_api.As(alice), $"/v1/chats/Connect?watch={chatId}");
        using (var first = new CancellationTokenSource(ReadTimeout))
        {
            await NextPresenceAsync(watching, first.Token);
        }

        var started = DateTime.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            var bobs = await SseStream.OpenAsync(_api.As(bob), "/v1/chats/Connect");
            await bobs.DisposeAsync();
        }

        var heard = new List<JsonElement>();
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(4) - (DateTime.UtcNow - started));
        try
        {
            while (true)
            {
                heard.Add(await NextPresenceAsync(watching, window.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Single(heard);
    }

    [Fact]
    public async Task ATenantWithPresenceOffShowsNoneAndKeepsNone()
    {
        var extra = new Dictionary<string, string?> { ["Chats:Presence:DisabledTenants:0"] = "alpha" };
        await using var gateway = Authentication.KeyedGateway.Create(fixture.Cluster, extra);
        var api = new GroupApi(gateway);
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await api.NewGroupAsync(alice, bob);

        await using var bobs = await SseStream.OpenAsync(api.As(bob), "/v1/chats/Connect");
        await using var watching = await SseStream.OpenAsync(api.As(alice), $"/v1/chats/Connect?watch={chatId}");
        using var deadline = new CancellationTokenSource(ReadTimeout);
        var first = await watching.ReadEventAsync(deadline.Token);
        var listed = await api.CallAsync(alice, "ListMembers", new { chat_id = chatId });
        var got = await api.CallAsync(alice, "GetChat", new { chat_id = chatId });

        Assert.Equal("ready", first!.Type);
        Assert.False(got.Body.TryGetProperty("presence", out _));
        Assert.All(listed.Body.GetProperty("members").EnumerateArray(), member => Assert.False(member.TryGetProperty("online", out _)));
        Assert.False((await fixture.Cluster.Client.GetGrain<IPresenceGrain>(TenantKeys.Scope("alpha", bob)).GetAsync()).Online);
    }

    [Fact]
    public async Task WatchingTooManyChatsIsRefused()
    {
        var alice = TestData.UserId("alice");
        var watch = string.Join(',', Enumerable.Range(0, 101).Select(i => $"chat{i}"));

        var reply = await _api.As(alice).GetAsync($"/v1/chats/Connect?watch={watch}", TestContext.Current.CancellationToken);

        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", (reply.StatusCode, await ReadJsonAsync(reply)));
    }

    private static async Task<JsonElement> NextPresenceAsync(SseStream stream, CancellationToken cancellationToken)
    {
        while (await stream.ReadEventAsync(cancellationToken) is { } frame)
        {
            if (frame.Type == "user.presence")
            {
                return JsonDocument.Parse(frame.Data).RootElement.Clone();
            }
        }

        throw new InvalidOperationException("The connection ended.");
    }

    private static (string UserId, bool Online) Presence(JsonElement frame) =>
        (frame.GetProperty("presence").GetProperty("user_id").GetString()!, frame.GetProperty("presence").GetProperty("online").GetBoolean());
}
