namespace Chats.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ChatGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task CreateChatReturnsTheSameChatForAnyOrderAndDuplicates()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));

        var first = await Grains.CreateChatAsync([carol, alice, bob]);
        var second = await Grains.CreateChatAsync([bob, bob, carol, alice, alice]);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(new[] { alice, bob, carol }.Order(StringComparer.Ordinal), second.UserIds);
    }

    [Fact]
    public async Task FiftyConcurrentIdenticalCreateChatCallsYieldOneChat()
    {
        var users = new[] { TestData.UserId("alice"), TestData.UserId("bob") };

        var chats = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Grains.CreateChatAsync(i % 2 == 0 ? users : users.Reverse())));

        Assert.Single(chats.Select(chat => chat.Id).Distinct());
    }

    [Fact]
    public async Task DifferentMemberSetsGetDifferentChats()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));

        var pair = await Grains.CreateChatAsync([alice, bob]);
        var trio = await Grains.CreateChatAsync([alice, bob, carol]);

        Assert.NotEqual(pair.Id, trio.Id);
    }

    [Fact]
    public async Task MessagesAreListedNewestFirst()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var chatGrain = Grains.GetChat(chat.Id);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await chatGrain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], text));
        }

        var page = await chatGrain.ListMessagesAsync(new MessagePageQuery(null, 25));

        Assert.True(page.ChatFound);
        Assert.Equal(["three", "two", "one"], page.Messages.Select(message => message.Text));
    }

    [Fact]
    public async Task PagingBackWithSentBeforeOverSixtyMessagesHasNoGapAndNoRepeat()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var chatGrain = Grains.GetChat(chat.Id);
        for (var i = 0; i < 60; i++)
        {
            await chatGrain.PostMessageAsync(new NewMessage(null, chat.UserIds[i % 2], $"message {i}"));
        }

        var seen = new List<string>();
        DateTimeOffset? before = null;
        while (true)
        {
            var page = await chatGrain.ListMessagesAsync(new MessagePageQuery(before, 7));
            if (page.Messages.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Messages.Select(message => message.Text));
            before = page.Messages[^1].SentAt;
        }

        Assert.Equal(Enumerable.Range(0, 60).Reverse().Select(i => $"message {i}"), seen);
    }

    [Theory]
    [InlineData("a/b#c?d")]
    [InlineData("\\ \u00e9 😀 %2F ~")]
    public async Task RepeatedClientIdReturnsTheOriginalAndStoresNothingEvenAfterItLeftTheTail(string id)
    {
        var chat = await TestData.NewChatAsync(Grains);
        var chatGrain = Grains.GetChat(chat.Id);
        var original = await chatGrain.PostMessageAsync(new NewMessage(id, chat.UserIds[0], "original"));
        var immediateRepeat = await chatGrain.PostMessageAsync(new NewMessage(id, chat.UserIds[1], "changed"));
        for (var i = 0; i < TestClusters.TailSize + 5; i++)
        {
            await chatGrain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], $"filler {i}"));
        }

        var lateRepeat = await chatGrain.PostMessageAsync(new NewMessage(id, chat.UserIds[1], "changed again"));
        var all = await chatGrain.ListMessagesAsync(new MessagePageQuery(null, 1000));

        Assert.Equal(PostMessageOutcome.Created, original.Outcome);
        Assert.Equal(PostMessageOutcome.Duplicate, immediateRepeat.Outcome);
        Assert.Equal(PostMessageOutcome.Duplicate, lateRepeat.Outcome);
        Assert.Equal(original.Message, immediateRepeat.Message);
        Assert.Equal(original.Message, lateRepeat.Message);
        Assert.Single(all.Messages, message => message.Id == id);
        Assert.Equal(TestClusters.TailSize + 6, all.Messages.Count);
    }

    [Fact]
    public async Task RepeatingAServerAssignedIdReturnsTheOriginalEvenAfterItLeftTheTail()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var chatGrain = Grains.GetChat(chat.Id);
        var original = await chatGrain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], "server id"));
        for (var i = 0; i < TestClusters.TailSize + 5; i++)
        {
            await chatGrain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], $"filler {i}"));
        }

        var repeat = await chatGrain.PostMessageAsync(new NewMessage(original.Message!.Id, chat.UserIds[1], "other text"));

        Assert.Equal(PostMessageOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(original.Message, repeat.Message);
    }

    [Fact]
    public async Task AnAuthorWhoIsNotAMemberIsRefused()
    {
        var chat = await TestData.NewChatAsync(Grains);

        var result = await Grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, TestData.UserId("mallory"), "hi"));

        Assert.Equal(PostMessageOutcome.NotAMember, result.Outcome);
        Assert.Empty((await Grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 25))).Messages);
    }

    [Theory]
    [InlineData("no-such-chat")]
    [InlineData("a/b\\c#d?e %2F")]
    public async Task AnUnknownChatIsNotFound(string chatId)
    {
        var unknown = Grains.GetChat(chatId + Guid.NewGuid());

        var post = await unknown.PostMessageAsync(new NewMessage(null, "alice", "hi"));
        var page = await unknown.ListMessagesAsync(new MessagePageQuery(null, 25));

        Assert.Equal(PostMessageOutcome.ChatNotFound, post.Outcome);
        Assert.False(page.ChatFound);
        Assert.Null(await unknown.GetAsync());
    }

    [Fact]
    public async Task TwoHundredConcurrentMessagesToOneChatAreStoredWithDistinctStrictlyIncreasingSentAt()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var chatGrain = Grains.GetChat(chat.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Grains.GetChat(chat.Id).PostMessageAsync(new NewMessage($"concurrent-{i}", chat.UserIds[i % 2], $"text {i}"))));
        var stored = (await chatGrain.ListMessagesAsync(new MessagePageQuery(null, 1000))).Messages;

        Assert.All(results, result => Assert.Equal(PostMessageOutcome.Created, result.Outcome));
        Assert.Equal(200, stored.Count);
        Assert.Equal(200, stored.Select(message => message.Id).Distinct().Count());
        Assert.Equal(200, stored.Select(message => message.SentAt).Distinct().Count());
        Assert.Equal(stored.OrderByDescending(message => message.SentAt), stored);
        Assert.Equal(results.Select(result => result.Message!.Id).Order(), stored.Select(message => message.Id).Order());
    }
}
