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

        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
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
}
