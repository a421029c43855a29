using System.Diagnostics;
using Orleans.TestingHost;

namespace Chats.Benchmarks;

/// <summary>Groups: W7, one large group's members writing at once, and W7a, AddMembers of 100 users to a group near the member limit.</summary>
internal sealed class GroupWorkloads(BenchmarkSizes sizes, TestCluster cluster, AzuriteProcess azurite)
{
    private IGrainFactory Grains => cluster.Client;

    /// <summary>(W7) W1 on a group of <see cref="BenchmarkSizes.GroupMembers"/> members, its members taking turns to write: the cost of a large roster per message.</summary>
    public async Task<Measurement> LargeGroupAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var members = Enumerable.Range(0, sizes.GroupMembers).Select(i => $"w7-{run}-{i}").ToArray();
        var group = await NewGroupAsync(members, "W7");
        return await ChatWrites.RunAsync(Grains, azurite, sizes, "W7", $"one group of {sizes.GroupMembers} members, concurrent writers (TestCluster)", [group],
            (_, number) => members[number % members.Length]);
    }

    /// <summary>(W7a) AddMembers of 100 new users to a group of <see cref="BenchmarkSizes.GroupMembers"/> − 100: one call each, a fresh group per trial.</summary>
    public async Task<Measurement> AddMembersToALargeGroupAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var existing = sizes.GroupMembers - ChatLimits.MaxUsersPerMemberChange;
        var latencies = new List<long>();
        var clock = new Stopwatch();
        for (var trial = 0; trial < sizes.MemberChangeTrials; trial++)
        {
            var members = Enumerable.Range(0, existing).Select(i => $"w7a-{run}-{trial}-{i}").ToArray();
            var group = await NewGroupAsync(members, "W7a");
            var added = Enumerable.Range(0, ChatLimits.MaxUsersPerMemberChange).Select(i => $"w7a-{run}-{trial}-new-{i}").ToArray();

            clock.Start();
            var started = Stopwatch.GetTimestamp();
            var result = await Grains.GetChat(group.Id).AddMembersAsync(new MembershipChange(members[0], added));
            latencies.Add(Stopwatch.GetTimestamp() - started);
            clock.Stop();
            if (result.Outcome != ChangeOutcome.Changed || result.Chat!.MemberCount != sizes.GroupMembers)
            {
                throw new InvalidOperationException($"W7a: AddMembers answered {result.Outcome} with {result.Chat?.MemberCount} members");
            }
        }

        var sorted = latencies.Order().ToArray();
        return new Measurement("W7a", $"AddMembers of 100 users to a group of {existing} ({sizes.MemberChangeTrials} groups, one call at a time)",
            latencies.Count / clock.Elapsed.TotalSeconds, ClosedLoopLoad.Percentile(sorted, 0.50), ClosedLoopLoad.Percentile(sorted, 0.99), latencies.Count);
    }

    // As an app fills a large group: created with its owner and 99 more, then 100 added a call.
    private async Task<Chat> NewGroupAsync(string[] members, string name)
    {
        var step = ChatLimits.MaxUsersPerMemberChange;
        var group = await Grains.CreateGroupAsync(members[0], members[1..Math.Min(step, members.Length)], name);
        for (var start = step; start < members.Length; start += step)
        {
            await Grains.GetChat(group.Id).AddMembersAsync(new MembershipChange(members[0], members[start..Math.Min(start + step, members.Length)]));
        }

        return group;
    }
}
