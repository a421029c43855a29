using Orleans.Runtime;
using Orleans.TestingHost;

namespace Chats.Tests.Members;

/// <summary>
/// A group's roster, roles and profile outlive the cluster; members' chat lists follow member changes
/// even when a silo dies in the middle of them or a change is cut short between its steps.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GroupDurabilityTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AGroupsMembersRolesAndNameSurviveAFullClusterRestart()
    {
        var serviceId = $"groups-{Guid.NewGuid():N}";
        var (alice, bob, carol, dave) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"), TestData.UserId("dave"));
        Chat group;
        long lastSeq;

        var first = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            group = await first.Client.CreateGroupAsync(alice, [bob, carol], "Before", new Dictionary<string, string> { ["topic"] = "restart" });
            var chat = first.Client.GetChat(group.Id);
            await chat.AddMembersAsync(new MembershipChange(alice, [dave]));
            await chat.SetMemberRoleAsync(new RoleChange(alice, bob, ChatRole.Admin));
            await chat.RemoveMembersAsync(new MembershipChange(bob, [carol]));
            await chat.UpdateAsync(new ChatUpdate(bob, "After", null));
            lastSeq = (await chat.PostMessageAsync(new NewMessage(null, dave, "hello"))).Message!.Seq;
        }
        finally
        {
            await TestClusters.StopAsync(first);
        }

        var second = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            var chat = second.Client.GetChat(group.Id);
            var found = await chat.GetAsync();
            var members = await chat.ListMembersAsync(new MemberPageQuery(null, 100));
            var refused = await chat.PostMessageAsync(new NewMessage(null, carol, "am I in?"));
            var events = await chat.ListEventsAsync(new EventPageQuery(0, 100));

            Assert.Equal(("After", true, alice, 3), (found!.Name, found.IsGroup, found.OwnerId, found.MemberCount));
            Assert.Equal("restart", found.Metadata!["topic"]);
            Assert.Equal(new Dictionary<string, ChatRole> { [alice] = ChatRole.Owner, [bob] = ChatRole.Admin, [dave] = ChatRole.Member },
                members.Members.ToDictionary(member => member.UserId, member => member.Role));
            Assert.Equal(PostMessageOutcome.NotAMember, refused.Outcome);
            Assert.Equal(lastSeq, events.LastSeq);
            Assert.Equal([ChatEventType.MemberAdded, ChatEventType.MemberUpdated, ChatEventType.MemberRemoved, ChatEventType.ChatUpdated, ChatEventType.MessageNew],
                events.Events.Select(e => e.Type));
            Assert.DoesNotContain(await ListAsync(second.Client, carol), listed => listed.Chat.Id == group.Id);
            Assert.Equal("After", Assert.Single(await ListAsync(second.Client, dave), listed => listed.Chat.Id == group.Id).Chat.Name);
        }
        finally
        {
            await TestClusters.StopAsync(second);
        }
    }

    [Fact]
    public async Task AJoinMarkedButNeverCommittedLeavesNoChatInTheList()
    {
        var grains = fixture.Client;
        var (alice, mallory) = (TestData.UserId("alice"), TestData.UserId("mallory"));
        var group = await grains.CreateGroupAsync(alice, [], "team");

        // What the chat grain does before adding a user, then dies before the change is committed.
        await grains.GetGrain<IUserChatsGrain>(mallory).PrepareMembershipAsync(group, joining: true);
        var listed = await ListAsync(grains, mallory);
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var reloaded = await ListAsync(grains, mallory);

        Assert.DoesNotContain(listed, chat => chat.Chat.Id == group.Id);
        Assert.DoesNotContain(reloaded, chat => chat.Chat.Id == group.Id);
    }

    [Fact]
    public async Task ARemovalMarkedButNeverCommittedKeepsTheChatInTheList()
    {
        var grains = fixture.Client;
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var group = await grains.CreateGroupAsync(alice, [bob], "team");
        await grains.GetChat(group.Id).PostMessageAsync(new NewMessage(null, alice, "hi"));

        await grains.GetGrain<IUserChatsGrain>(bob).PrepareMembershipAsync(group, joining: false);
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var listed = Assert.Single(await ListAsync(grains, bob), chat => chat.Chat.Id == group.Id);

        Assert.Equal(1, listed.Entry!.UnreadCount);
        Assert.Equal("team", listed.Chat.Name);
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task KillingASiloDuringMemberChangesLeavesEveryListAsTheRosterSays()
    {
        var cluster = await TestClusters.StartAsync(fixture.Azurite, silos: 3,
            siloConfigurators: [typeof(FastFailoverSiloConfigurator)], clientConfigurators: [typeof(FastFailoverClientConfigurator)]);
        try
        {
            var grains = cluster.Client;
            var owner = TestData.UserId("owner");
            var users = Enumerable.Range(0, 8).Select(i => TestData.UserId($"u{i}")).ToArray();
            var groups = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => grains.CreateGroupAsync(owner, [], $"g{i}")));
            var halfway = new TaskCompletionSource();
            var (done, failed) = (0, 0);

            var changers = groups.Select((group, g) => Task.Run(async () =>
            {
                for (var i = 0; i < 24; i++)
                {
                    if (g == 0 && i == 8)
                    {
                        halfway.TrySetResult();
                    }

                    var change = new MembershipChange(owner, [users[(g + i) % users.Length]]);
                    try
                    {
                        var chat = grains.GetChat(group.Id);
                        _ = i % 3 == 2 ? await chat.RemoveMembersAsync(change) : await chat.AddMembersAsync(change);
                        Interlocked.Increment(ref done);
                    }
                    catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
                    {
                        Interlocked.Increment(ref failed);
                        await Task.Delay(200);
                    }
                }
            })).ToList();

            await halfway.Task;
            await cluster.KillSiloAsync(cluster.SecondarySilos[0], TestContext.Current.CancellationToken);
            await Task.WhenAll(changers);
            output.WriteLine($"member changes: {done} answered, {failed} failed during the failover");

            foreach (var user in users)
            {
                var listed = (await ListAsync(grains, user)).Select(chat => chat.Chat.Id).ToHashSet();
                foreach (var group in groups)
                {
                    var member = await grains.GetChat(group.Id).GetMemberAsync(user);
                    Assert.True(listed.Contains(group.Id) == (member is not null), $"{user} in {group.Name}: member {member is not null}, listed {listed.Contains(group.Id)}");
                }
            }
        }
        finally
        {
            await TestClusters.StopAsync(cluster);
        }
    }

    private static async Task<IReadOnlyList<UserChat>> ListAsync(IGrainFactory grains, string userId) =>
        await grains.GetGrain<IUserChatsGrain>(userId).ListAsync(new UserChatsQuery(null, 100));
}
