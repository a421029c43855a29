using System.Diagnostics;

namespace Chats.Tests.Members;

/// <summary>
/// A group larger than <see cref="ChatActivity.WaitForEveryListUpTo"/>: the author's own list shows a
/// change when the call returns, and every other member's list follows in the rounds.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LargeGroupTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheAuthorsListShowsTheMessageAtOnceAndEveryOtherMembersListFollows()
    {
        var grains = fixture.Client;
        var members = Enumerable.Range(0, ChatActivity.WaitForEveryListUpTo + 20).Select(i => TestData.UserId($"m{i}")).ToArray();
        var group = await grains.CreateGroupAsync(members[0], members[1..100], "large");
        await grains.GetChat(group.Id).AddMembersAsync(new MembershipChange(members[0], members[100..]));
        var author = members[^1];

        var posted = await grains.GetChat(group.Id).PostMessageAsync(new NewMessage(null, author, "to everyone"));
        var own = await RowAsync(grains, author, group.Id);

        Assert.Equal(PostMessageOutcome.Created, posted.Outcome);
        Assert.Equal(posted.Message!.Id, own!.Entry!.LastMessage!.Id);
        var clock = Stopwatch.StartNew();
        foreach (var member in members[..^1])
        {
            UserChat? row;
            while ((row = await RowAsync(grains, member, group.Id))?.Entry?.LastMessage?.Id != posted.Message.Id)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{member}'s list still shows {row?.Entry?.LastMessage?.Id ?? "nothing"}");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.Equal(1, row!.Entry!.UnreadCount);
        }
    }

    private static async Task<UserChat?> RowAsync(IGrainFactory grains, string userId, string chatId) =>
        (await grains.GetGrain<IUserChatsGrain>(userId).ListAsync(new UserChatsQuery(null, 100))).SingleOrDefault(row => row.Chat.Id == chatId);
}
