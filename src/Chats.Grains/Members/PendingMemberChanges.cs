using Chats.MessageLog;

namespace Chats.Members;

/// <summary>
/// A change of who is in a chat or what it is called, committed like any other change of the log: its
/// events and the new roster in one transaction. The outcome and the users it added and removed are
/// worked out when its batch is planned.
/// </summary>
internal abstract class PendingRosterChange() : PendingChange<ChangeOutcome>(entityCount: 3, estimatedSize: 1024 * 1024, targetId: null)
{
    /// <summary>Users the change made members (as planned for the current attempt).</summary>
    public List<string> Added { get; } = [];

    /// <summary>Users the change removed.</summary>
    public List<string> Removed { get; } = [];

    /// <summary>The seq of the change's last event; 0 if it emitted none.</summary>
    public long Seq { get; set; }

    /// <summary>Forgets an earlier attempt's plan.</summary>
    public void Reset()
    {
        Added.Clear();
        Removed.Clear();
        Seq = 0;
    }
}

/// <summary>The first roster of a new group, or of a distinct chat created with a name or metadata.</summary>
internal sealed class PendingCreation(NewChat chat) : PendingRosterChange
{
    public NewChat Chat { get; } = chat;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>AddMembers, RemoveMembers or LeaveChat (a removal of oneself).</summary>
internal sealed class PendingMembership(MembershipChange change, bool add) : PendingRosterChange
{
    public MembershipChange Change { get; } = change;

    public bool Add { get; } = add;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>SetMemberRole.</summary>
internal sealed class PendingRole(RoleChange change) : PendingRosterChange
{
    public RoleChange Change { get; } = change;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}

/// <summary>UpdateChat: a new name and/or metadata.</summary>
internal sealed class PendingProfile(ChatUpdate update) : PendingRosterChange
{
    public ChatUpdate Update { get; } = update;

    public override void PlanIn(LogBatch batch, int owner) => batch.Plan(this, owner);
}
