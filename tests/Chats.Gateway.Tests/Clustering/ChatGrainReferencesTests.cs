using Chats.Gateway.Clustering;

namespace Chats.Tests.Clustering;

/// <summary>The gateway's grain-reference cache: one reference per chat key, and it reaches the chat.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatGrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AChatKeyGetsOneReferenceThatReachesItsChat()
    {
        var chat = await TestData.NewChatAsync(fixture.Client);
        var references = new ChatGrainReferences(fixture.Client);

        var first = references.Get(chat.Id);
        var again = references.Get(chat.Id);
        var other = references.Get(Guid.NewGuid().ToString());

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(chat.Id, (await first.GetAsync())!.Id);
        Assert.Null(await other.GetAsync());
    }
}
