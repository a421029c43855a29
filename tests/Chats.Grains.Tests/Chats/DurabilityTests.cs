using Orleans.Runtime;

namespace Chats.Tests.Grains;

/// <summary>Chats and messages outlive their activations and the whole cluster: only Azurite keeps them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DurabilityTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ChatAndMessagesSurviveDeactivation()
    {
        var grains = fixture.Client;
        var chat = await TestData.NewChatAsync(grains);
        var first = await grains.GetChat(chat.Id).PostMessageAsync(new NewMessage("before/deactivation", chat.UserIds[0], "one"));

        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var page = await grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 25));
        var repeat = await grains.GetChat(chat.Id).PostMessageAsync(new NewMessage("before/deactivation", chat.UserIds[0], "again"));
        var next = await grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, chat.UserIds[1], "two"));

        Assert.Equal([first.Message!], page.Messages);
        Assert.Equal(PostMessageOutcome.Duplicate, repeat.Outcome);
        Assert.True(next.Message!.SentAt > first.Message!.SentAt);
    }

    [Fact]
    public async Task ChatAndMessagesSurviveAFullClusterRestart()
    {
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var users = new[] { TestData.UserId("alice"), TestData.UserId("bob") };
        Chat chat;
        List<ChatMessage> before = [];

        var firstCluster = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            chat = await firstCluster.Client.CreateChatAsync(users);
            for (var i = 0; i < 15; i++)
            {
                var id = i == 0 ? "used/before#restart?" : null;
                before.Add((await firstCluster.Client.GetChat(chat.Id).PostMessageAsync(new NewMessage(id, users[i % 2], $"m{i}"))).Message!);
            }
        }
        finally
        {
            await TestClusters.StopAsync(firstCluster);
        }

        var secondCluster = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            var grains = secondCluster.Client;
            var recreated = await grains.CreateChatAsync(users.Reverse());
            var listed = await grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 1000));
            var repeat = await grains.GetChat(chat.Id).PostMessageAsync(new NewMessage("used/before#restart?", users[1], "retry"));
            var next = await grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, users[0], "after restart"));

            Assert.Equal(chat, recreated with { UserIds = chat.UserIds });
            Assert.Equal(chat.UserIds, recreated.UserIds);
            Assert.Equal(Enumerable.Reverse(before), listed.Messages);
            Assert.Equal(PostMessageOutcome.Duplicate, repeat.Outcome);
            Assert.Equal(before[0], repeat.Message);
            Assert.True(next.Message!.SentAt > before[^1].SentAt);
        }
        finally
        {
            await TestClusters.StopAsync(secondCluster);
        }
    }

    [Fact]
    public async Task UserIdsThatDifferOnlyInReservedCharactersAreDifferentChatsAfterARestart()
    {
        // Orleans' Azure Table provider alone would store "a/b", "a_b", "a#b", "a?b" and "a\b" in one row.
        var serviceId = $"keys-{Guid.NewGuid():N}";
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] users = [.. new[] { "a/b", "a_b", "a#b", "a?b", "a\\b", "Жанна", "😀 emoji" }.Select(id => id + suffix)];
        var common = TestData.UserId("common");
        var chatIds = new Dictionary<string, string>();

        var firstCluster = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            foreach (var user in users)
            {
                var chat = await firstCluster.Client.CreateChatAsync([user, common]);
                await firstCluster.Client.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, user, "from " + user));
                chatIds[user] = chat.Id;
            }
        }
        finally
        {
            await TestClusters.StopAsync(firstCluster);
        }

        var secondCluster = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            foreach (var user in users)
            {
                var chat = await secondCluster.Client.CreateChatAsync([common, user]);
                var page = await secondCluster.Client.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 10));

                Assert.Equal(chatIds[user], chat.Id);
                Assert.Equal("from " + user, Assert.Single(page.Messages).Text);
            }

            Assert.Equal(users.Length, chatIds.Values.Distinct().Count());
        }
        finally
        {
            await TestClusters.StopAsync(secondCluster);
        }
    }

    [Fact]
    public async Task AChatOfAThousandMembersWithIdsOf256CharactersSurvivesDeactivation()
    {
        var grains = fixture.Client;
        var prefix = Guid.NewGuid().ToString("N");
        var users = Enumerable.Range(0, 1000).Select(i => $"{prefix}/{i:D4}/".PadRight(256, i % 2 == 0 ? '#' : 'ж')).ToList();

        var chat = await grains.CreateChatAsync(users);
        await grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, users[999], "hello, all"));
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var again = await grains.CreateChatAsync(Enumerable.Reverse(users));
        var page = await grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 10));

        Assert.Equal(chat.Id, again.Id);
        Assert.Equal(users.Order(StringComparer.Ordinal), again.UserIds);
        Assert.Equal("hello, all", Assert.Single(page.Messages).Text);
    }
}
