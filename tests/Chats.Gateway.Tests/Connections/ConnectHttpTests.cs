using System.Net;
using System.Text.Json;
using Chats.Tests.Groups;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Connections;

/// <summary>One connection per user over real HTTP with user tokens: every chat's events, the chat list's changes, and a resume by cursor.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConnectHttpTests(ClusterFixture fixture)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);
    private readonly GroupApi _api = new(fixture.KeyedGateway);

    [Fact]
    public async Task AConnectionCarriesEveryChatsEventsAndItsChatListChanges()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        await using var connection = new ConnectClient(_api.As(alice));
        await connection.ConnectAsync(TestContext.Current.CancellationToken);

        var direct = await _api.CallAsync(bob, "CreateChat", new { user_ids = new[] { bob, alice } });
        var directId = direct.Body.GetProperty("chat").GetProperty("id").GetString()!;
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = directId, text = "hi alice" });
        var groupId = await _api.NewGroupAsync(carol, alice);
        await _api.CallAsync(carol, "CreateMessage", new { chat_id = groupId, text = "welcome" });
        await connection.ReadUntilAsync(state => Unread(state, directId) == 1 && LastText(state, groupId) == "welcome", ReadTimeout);

        // Both chats listed as ListChats lists them, without calling it again.
        var listed = await _api.CallAsync(alice, "ListChats", new { user_id = alice });
        foreach (var row in listed.Body.GetProperty("chats").EnumerateArray())
        {
            var id = row.GetProperty("id").GetString()!;
            Assert.Equal(row.GetProperty("unread_count").GetInt32(), connection.State.Listed[id].GetProperty("unread_count").GetInt32());
            Assert.Equal(row.GetProperty("last_seq").GetInt64(), connection.State.Events[id][^1]);
        }

        Assert.Equal(2, connection.State.Listed.Count);
    }

    [Fact]
    public async Task AMemberAddedWhileConnectedGetsTheGroupAndARemovedOneNothingAfterTheRemoval()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var groupId = await _api.NewGroupAsync(carol, bob);
        await using var connection = new ConnectClient(_api.As(alice));
        await connection.ConnectAsync(TestContext.Current.CancellationToken);

        await _api.CallAsync(carol, "AddMembers", new { chat_id = groupId, user_ids = new[] { alice } });
        await _api.CallAsync(carol, "CreateMessage", new { chat_id = groupId, text = "one" });
        await connection.ReadUntilAsync(state => LastText(state, groupId) == "one", ReadTimeout);
        await _api.CallAsync(carol, "RemoveMembers", new { chat_id = groupId, user_ids = new[] { alice } });
        await _api.CallAsync(carol, "CreateMessage", new { chat_id = groupId, text = "after alice" });
        var sentinel = await _api.CallAsync(bob, "CreateChat", new { user_ids = new[] { bob, alice } });
        var sentinelId = sentinel.Body.GetProperty("chat").GetProperty("id").GetString()!;
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = sentinelId, text = "sentinel" });
        await connection.ReadUntilAsync(state => LastText(state, sentinelId) == "sentinel" && !state.Listed.ContainsKey(groupId), ReadTimeout);

        var events = await _api.EventsAsync(groupId);
        var added = events.First(e => e.GetProperty("type").GetString() == "member.added" && GroupApi.UserIdsOf(e).Contains(alice)).GetProperty("seq").GetInt64();
        var removed = events.Single(e => e.GetProperty("type").GetString() == "member.removed").GetProperty("seq").GetInt64();
        Assert.Equal(added, connection.State.Events[groupId][0]);
        Assert.Equal(removed, connection.State.Events[groupId][^1]);
        Assert.Equal(Enumerable.Range((int)added, (int)(removed - added + 1)).Select(seq => (long)seq), connection.State.Events[groupId]);
    }

    [Fact]
    public async Task AClientThatDisconnectsTwentyTimesEndsWithTheStateOfOneThatNeverDid()
    {
        var alice = TestData.UserId("alice");
        var writers = Enumerable.Range(0, 20).Select(i => TestData.UserId($"w{i}")).ToArray();
        var chats = await Task.WhenAll(writers.Select(writer => _api.NewGroupAsync(writer, alice)));
        await using var steady = new ConnectClient(_api.As(alice));
        await using var flaky = new ConnectClient(_api.As(alice));
        await steady.ConnectAsync(TestContext.Current.CancellationToken);
        await flaky.ConnectAsync(TestContext.Current.CancellationToken);

        var writing = Task.WhenAll(Enumerable.Range(0, chats.Length).Select(i => WriteAsync(writers[i], chats[i], alice, new Random(i))));
        Dictionary<string, long>? truth = null;
        var steadyReading = steady.ReadUntilAsync(state => Volatile.Read(ref truth) is { } known && Converged(state, known), TimeSpan.FromMinutes(2));
        var random = new Random(42);
        for (var disconnects = 0; disconnects < 20; disconnects++)
        {
            using var deadline = new CancellationTokenSource(ReadTimeout);

            // Reads stop when the writers are done: the frames this loop waits for may then never come.
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            _ = writing.ContinueWith(_ => CancelQuietly(reading), TaskScheduler.Default);
            for (var frames = random.Next(1, 8); frames > 0 && !writing.IsCompleted; frames--)
            {
                try
                {
                    await flaky.ReadAsync(reading.Token);
                }
                catch (OperationCanceledException) when (writing.IsCompleted && !deadline.IsCancellationRequested)
                {
                    break;
                }
            }

            await flaky.DisconnectAsync();
            await Task.Delay(random.Next(0, 150), TestContext.Current.CancellationToken);
            await flaky.ConnectAsync(deadline.Token);
        }

        await writing;
        var known = await TruthAsync(chats, alice);
        var sentinel = await _api.CallAsync(writers[0], "CreateChat", new { user_ids = new[] { writers[0], alice } });
        var sentinelId = sentinel.Body.GetProperty("chat").GetProperty("id").GetString()!;
        known[sentinelId] = 1;
        Volatile.Write(ref truth, known);
        await _api.CallAsync(writers[0], "CreateMessage", new { chat_id = sentinelId, text = "sentinel" });

        // Every frame after the sentinel's message re-checks the steady client too.
        await ExpectAsync(flaky.ReadUntilAsync(state => Converged(state, known), ReadTimeout), "the flaky client", flaky.State, known);
        await ExpectAsync(steadyReading, "the steady client", steady.State, known);

        Assert.Equal(steady.State.Listed.Keys.Order(), flaky.State.Listed.Keys.Order());
        foreach (var chatId in known.Keys)
        {
            Assert.Equal(steady.State.Events.GetValueOrDefault(chatId), flaky.State.Events.GetValueOrDefault(chatId));
        }

        foreach (var (chatId, entry) in steady.State.Listed)
        {
            var other = flaky.State.Listed[chatId];
            Assert.Equal((entry.GetProperty("unread_count").GetInt32(), entry.GetProperty("last_seq").GetInt64()),
                (other.GetProperty("unread_count").GetInt32(), other.GetProperty("last_seq").GetInt64()));
        }

        Assert.Equal(0, flaky.State.Resyncs);
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop that read with it is over.
        }
    }

    [Fact]
    public async Task AUserConnectedOnTwoGatewaysGetsEveryEventOnceOnEach()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        await using var otherGateway = Authentication.KeyedGateway.Create(fixture.Cluster);
        var chatId = await _api.NewGroupAsync(bob, alice);
        await using var here = new ConnectClient(_api.As(alice));
        await using var there = new ConnectClient(new GroupApi(otherGateway).As(alice));
        await here.ConnectAsync(TestContext.Current.CancellationToken);
        await there.ConnectAsync(TestContext.Current.CancellationToken);

        for (var i = 0; i < 10; i++)
        {
            await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = $"m{i}" });
        }

        var last = (await _api.EventsAsync(chatId))[^1].GetProperty("seq").GetInt64();
        await here.ReadUntilAsync(state => state.Events.TryGetValue(chatId, out var seqs) && seqs[^1] == last, ReadTimeout);
        await there.ReadUntilAsync(state => state.Events.TryGetValue(chatId, out var seqs) && seqs[^1] == last, ReadTimeout);

        Assert.Equal(here.State.Events[chatId], there.State.Events[chatId]);
        Assert.Equal(10, here.State.Events[chatId].Count);
    }

    [Fact]
    public async Task AResumeSendsWhatWasMissedUnderTheOldPositionThenReadyUnderTheNewOne()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var (first, second) = (await _api.NewGroupAsync(bob, alice), await _api.NewGroupAsync(carol, alice));
        await using var connection = new ConnectClient(_api.As(alice));
        await connection.ConnectAsync(TestContext.Current.CancellationToken);
        var before = ConnectCursorOf(connection.State.Cursor!);
        await connection.DisconnectAsync();

        await _api.CallAsync(bob, "CreateMessage", new { chat_id = first, text = "one" });
        await _api.CallAsync(carol, "CreateMessage", new { chat_id = second, text = "two" });
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = first, text = "three" });
        var cursors = new List<string>();
        using var deadline = new CancellationTokenSource(ReadTimeout);
        await using var resumed = await Streaming.SseStream.OpenAsync(_api.As(alice), "/v1/chats/Connect", connection.State.Cursor);
        Streaming.SseEvent? frame;
        while ((frame = await resumed.ReadEventAsync(deadline.Token))!.Type != "ready")
        {
            cursors.Add(frame.Id!);
        }

        Assert.NotEmpty(cursors);
        Assert.All(cursors, cursor => Assert.Equal(before.Version, ConnectCursorOf(cursor).Version));
        Assert.True(ConnectCursorOf(frame.Id!).Version > before.Version);
    }

    [Fact]
    public async Task AChatThatMovesToANewActivationKeepsTheConnectionAndLosesNoEvent()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(bob, alice);
        await using var connection = new ConnectClient(_api.As(alice));
        await connection.ConnectAsync(TestContext.Current.CancellationToken);
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = "before" });
        await connection.ReadUntilAsync(state => LastText(state, chatId) == "before", ReadTimeout);

        var chatKey = TenantKeys.Scope("alpha", chatId);
        await fixture.Cluster.Client.GetGrain<IChatGrain>(chatKey).Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        for (var i = 0; i < 3; i++)
        {
            await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = $"after {i}" });
        }

        var last = (await _api.EventsAsync(chatId))[^1].GetProperty("seq").GetInt64();
        await connection.ReadUntilAsync(state => state.Events.TryGetValue(chatId, out var seqs) && seqs[^1] == last, ReadTimeout);

        var seqs = connection.State.Events[chatId];
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(seq => (long)seq), seqs);
    }

    [Fact]
    public async Task AChatListThatMovesEndsTheConnectionAndItsResumeSaysResync()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = await _api.NewGroupAsync(bob, alice);
        await using var connection = await Streaming.SseStream.OpenAsync(_api.As(alice), "/v1/chats/Connect");
        using var deadline = new CancellationTokenSource(ReadTimeout);
        var ready = await connection.ReadEventAsync(deadline.Token);

        await fixture.Cluster.Client.GetGrain<IUserChatsGrain>(TenantKeys.Scope("alpha", alice))
            .Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        var ended = await connection.ReadEventAsync(deadline.Token);
        await _api.CallAsync(bob, "CreateMessage", new { chat_id = chatId, text = "while the list moved" });
        await using var resumed = new ConnectClient(_api.As(alice));
        resumed.State.Apply(ready!);
        await resumed.ConnectAsync(deadline.Token);

        Assert.Equal("error", ended!.Type);
        Assert.Equal("STREAM_ENDED", JsonDocument.Parse(ended.Data).RootElement.GetProperty("id").GetString());
        Assert.Equal(1, resumed.State.Resyncs);
    }

    [Fact]
    public async Task AConnectionEndsWithTokenExpiredWhenItsTokenExpires()
    {
        var alice = TestData.UserId("alice");
        var token = UserTokens.TestTokens.Alpha(alice, t => t.Expires = DateTime.UtcNow.AddSeconds(3));
        await using var connection = await Streaming.SseStream.OpenAsync(Authentication.KeyedGateway.ClientWithKey(fixture.KeyedGateway, token), "/v1/chats/Connect");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var ready = await connection.ReadEventAsync(timeout.Token);
        var ended = await connection.ReadEventAsync(timeout.Token);

        Assert.Equal("ready", ready!.Type);
        Assert.Equal("error", ended!.Type);
        Assert.Equal("TOKEN_EXPIRED", JsonDocument.Parse(ended.Data).RootElement.GetProperty("id").GetString());
        Assert.Null(await connection.ReadEventAsync(timeout.Token));
    }

    [Fact]
    public async Task ConnectIsRefusedWithoutItsUserAndWithACursorItDidNotGive()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));

        var noUser = await _api.Server.GetAsync("/v1/chats/Connect", TestContext.Current.CancellationToken);
        var otherUser = await _api.As(alice).GetAsync($"/v1/chats/Connect?user_id={bob}", TestContext.Current.CancellationToken);
        var badCursor = await _api.As(alice).GetAsync("/v1/chats/Connect?cursor=not-a-cursor", TestContext.Current.CancellationToken);
        await using var serverNamingAlice = await Streaming.SseStream.OpenAsync(_api.Server, $"/v1/chats/Connect?user_id={alice}");
        await using var browserAlice = await Streaming.SseStream.OpenAsync(fixture.KeyedGateway.CreateClient(), $"/v1/chats/Connect?access_token={UserTokens.TestTokens.Alpha(alice)}");
        using var deadline = new CancellationTokenSource(ReadTimeout);
        var ready = await serverNamingAlice.ReadEventAsync(deadline.Token);
        var browserReady = await browserAlice.ReadEventAsync(deadline.Token);

        AssertMicroError(HttpStatusCode.BadRequest, "MISSING_USER_ID", (noUser.StatusCode, await ReadJsonAsync(noUser)));
        AssertMicroError(HttpStatusCode.Forbidden, "USER_MISMATCH", (otherUser.StatusCode, await ReadJsonAsync(otherUser)));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", (badCursor.StatusCode, await ReadJsonAsync(badCursor)));
        Assert.Equal(("ready", "ready"), (ready!.Type, browserReady!.Type));
    }

    // One writer's work in its group: posts, edits, reactions and, in half the groups, alice removed and added back.
    private async Task WriteAsync(string writer, string chatId, string alice, Random random)
    {
        string? last = null;
        for (var step = 0; step < 14; step++)
        {
            var roll = random.Next(100);
            (System.Net.HttpStatusCode Status, JsonElement Body) reply = roll switch
            {
                < 15 when last is not null => await _api.CallAsync(writer, "UpdateMessage", new { chat_id = chatId, id = last, text = $"edit {step}" }),
                < 30 when last is not null => await _api.CallAsync(writer, "AddReaction", new { chat_id = chatId, message_id = last, type = "like" }),
                < 38 when step is 4 or 9 && random.Next(2) == 0 => await _api.CallAsync(writer, "RemoveMembers", new { chat_id = chatId, user_ids = new[] { alice } }),
                < 38 when step is 6 or 11 => await _api.CallAsync(writer, "AddMembers", new { chat_id = chatId, user_ids = new[] { alice } }),
                _ => await _api.CallAsync(writer, "CreateMessage", new { chat_id = chatId, text = $"message {step}" }),
            };
            Assert.True(reply.Status == HttpStatusCode.OK, $"{writer} step {step}: {reply.Body}");
            if (reply.Body.TryGetProperty("message", out var message))
            {
                last = message.GetProperty("id").GetString();
            }

            await Task.Delay(random.Next(5, 60));
        }
    }

    // Each chat's newest seq for the chats alice is in at the end (-1 for those she is not).
    private async Task<Dictionary<string, long>> TruthAsync(IEnumerable<string> chatIds, string alice)
    {
        var truth = new Dictionary<string, long>();
        foreach (var chatId in chatIds)
        {
            var events = await _api.EventsAsync(chatId);
            var memberships = events.Where(e => e.GetProperty("type").GetString() is "member.added" or "member.removed" && GroupApi.UserIdsOf(e).Contains(alice)).ToList();
            var member = memberships.Count == 0 || memberships[^1].GetProperty("type").GetString() == "member.added";
            truth[chatId] = member ? events[^1].GetProperty("seq").GetInt64() : -1;
        }

        return truth;
    }

    private static bool Converged(ConnectState state, Dictionary<string, long> truth) => truth.All(pair => pair.Value < 0
        ? !state.Listed.ContainsKey(pair.Key)
        : state.Listed.TryGetValue(pair.Key, out var entry) && entry.GetProperty("last_seq").GetInt64() == pair.Value
            && state.Events.TryGetValue(pair.Key, out var seqs) && seqs[^1] == pair.Value);

    private static async Task ExpectAsync(Task reading, string who, ConnectState state, Dictionary<string, long> truth)
    {
        try
        {
            await reading;
        }
        catch (OperationCanceledException)
        {
            var wrong = truth.Where(pair => !Converged(state, new() { [pair.Key] = pair.Value })).Select(pair =>
                $"{pair.Key}: expected {pair.Value}, listed {(state.Listed.TryGetValue(pair.Key, out var entry) ? entry.GetProperty("last_seq").GetInt64() : -1)}, "
                + $"events {string.Join(",", state.Events.GetValueOrDefault(pair.Key) ?? [])}");
            Assert.Fail($"{who} did not converge ({state.Frames} frames, {state.Resyncs} resyncs): {string.Join("; ", wrong)}");
        }
    }

    private static Gateway.Connections.ConnectCursor ConnectCursorOf(string text) =>
        Gateway.Connections.ConnectCursor.TryParse(text, out var cursor) ? cursor : throw new InvalidOperationException($"not a cursor: {text}");

    private static int Unread(ConnectState state, string chatId) =>
        state.Listed.TryGetValue(chatId, out var chat) ? chat.GetProperty("unread_count").GetInt32() : -1;

    private static string? LastText(ConnectState state, string chatId) =>
        state.Listed.TryGetValue(chatId, out var chat) && chat.TryGetProperty("last_message", out var last) ? last.GetProperty("text").GetString() : null;
}
