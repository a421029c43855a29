using Chats.Members;
using Chats.MessageLog;

namespace Chats.Tests.Members;

/// <summary>The planner's member rules alone, without storage: each change in one batch, in order, sees the roster the ones before it left.</summary>
public sealed class MemberPlanningTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OverlappingAddsInOneBatchAddEachUserOnceWithConsecutiveSeqs()
    {
        var batch = Batch(Group("owner", "bob"));
        var first = new PendingMembership(new MembershipChange("owner", ["carol", "dave"]), add: true);
        var second = new PendingMembership(new MembershipChange("owner", ["dave", "erin", "bob"]), add: true);
        var repeat = new PendingMembership(new MembershipChange("owner", ["erin"]), add: true);

        Plan(batch, first, second, repeat);

        Assert.Equal([ChangeOutcome.Changed, ChangeOutcome.Changed, ChangeOutcome.Unchanged], new[] { first, second, repeat }.Select(change => change.Outcome));
        Assert.Equal(["erin"], second.Added);
        Assert.Equal([(6L, "carol,dave"), (7L, "erin")], batch.Events.Select(e => (e.Seq, string.Join(',', e.Members!.UserIds))));
        Assert.Equal(5, batch.Roster.Count);
    }

    [Fact]
    public void AMessageAfterItsAuthorsRemovalInTheSameBatchIsRefused()
    {
        var batch = Batch(Group("owner", "bob"));
        var before = new PendingMessage(new NewMessage(null, "bob", "first"));
        var removal = new PendingMembership(new MembershipChange("owner", ["bob"]), add: false);
        var after = new PendingMessage(new NewMessage(null, "bob", "too late"));

        Plan(batch, before, removal, after);

        Assert.Equal(PostMessageOutcome.Created, before.Outcome!.Outcome);
        Assert.Equal(PostMessageOutcome.NotAMember, after.Outcome!.Outcome);
        Assert.Equal([ChatEventType.MessageNew, ChatEventType.MemberRemoved], batch.Events.Select(e => e.Type));
    }

    [Fact]
    public void RemovingTheOwnerHandsOwnershipToTheLongestStandingAdminInTheSameChange()
    {
        var roster = Group("owner", "bob", "carol", "dave");
        var batch = Batch(roster);
        Plan(batch, new PendingRole(new RoleChange("owner", "dave", ChatRole.Admin)), new PendingRole(new RoleChange("owner", "carol", ChatRole.Admin)));
        var removal = new PendingMembership(new MembershipChange("owner", ["owner"]), add: false);

        Plan(batch, removal);

        Assert.Equal(ChangeOutcome.Changed, removal.Outcome);
        Assert.Equal("carol", batch.Roster.OwnerId);
        var (removed, promoted) = (batch.Events[^2], batch.Events[^1]);
        Assert.Equal((ChatEventType.MemberRemoved, "owner"), (removed.Type, removed.Members!.UserIds.Single()));
        Assert.Equal((ChatEventType.MemberUpdated, "carol", ChatRole.Owner), (promoted.Type, promoted.Members!.UserIds.Single(), promoted.Members.Role));
        Assert.Equal(("owner", null), (removed.UserId, promoted.UserId));
    }

    [Fact]
    public void AddsPastTheLimitAndChangesToADistinctChatAreRefusedWithoutEvents()
    {
        var group = Batch(Group("owner", "bob"));
        var tooMany = new PendingMembership(new MembershipChange("owner", ["c", "d"], MaxMembers: 3), add: true);
        var distinct = Batch(ChatRoster.Fixed(["alice", "bob"], Now));
        var toDistinct = new PendingMembership(new MembershipChange("alice", ["carol"]), add: true);

        Plan(group, tooMany);
        Plan(distinct, toDistinct);

        Assert.Equal(ChangeOutcome.TooManyMembers, tooMany.Outcome);
        Assert.Equal(ChangeOutcome.ChatIsDistinct, toDistinct.Outcome);
        Assert.Empty(group.Events);
        Assert.Empty(distinct.Events);
    }

    [Fact]
    public void ANewMemberHasReadTheHistoryBeforeTheirJoin()
    {
        var lastSentAt = Now.AddMinutes(-1);
        var batch = new LogBatch("chat", Now, LogHeader.Empty with { LastSeq = 5, MessageCount = 5, LastSentAt = lastSentAt }, Group("owner"), new MessageTail(10), tailIsComplete: true);

        Plan(batch, new PendingMembership(new MembershipChange("owner", ["newcomer"]), add: true));

        Assert.Equal(lastSentAt, batch.Header.Reads["newcomer"].LastReadAt);
    }

    private static ChatRoster Group(string owner, params string[] others) =>
        ChatRoster.Create(new NewChat([owner, .. others], "team", null, IsGroup: true, OwnerId: owner), Now.AddDays(-1));

    // The roster as stored: its first version is in the header already.
    private static LogBatch Batch(ChatRoster roster) =>
        new("chat", Now, LogHeader.Empty with { LastSeq = 5, Roster = roster }, roster, new MessageTail(10), tailIsComplete: true);

    private static void Plan(LogBatch batch, params PendingChange[] changes)
    {
        var owner = batch.Events.Count;
        foreach (var change in changes)
        {
            change.PlanIn(batch, owner++);
        }
    }
}
