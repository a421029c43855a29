using Chats.Members;

namespace Chats;

/// <summary>The chat's members, roles, name and metadata: reading them and changing them.</summary>
internal sealed partial class ChatGrain
{
    public async Task<ChatMember?> GetMemberAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await ExistsAsync() && Log.Roster.Contains(userId) ? Log.Roster.ToMember(userId) : null;
    }

    public async Task<MemberPage> ListMembersAsync(MemberPageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return !await ExistsAsync() ? MemberPage.NotFound
            : query.ReaderId is { } reader && !Log.Roster.Contains(reader) ? MemberPage.NotAMember
            : Log.Roster.Page(query.After, Math.Min(query.Limit, ChatLimits.MaxPageSize));
    }

    public Task<ChatChangeResult> AddMembersAsync(MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(change.MaxMembers, ChatLimits.MaxMembers);
        return ChangeMembersAsync(new PendingMembership(change, add: true));
    }

    public Task<ChatChangeResult> RemoveMembersAsync(MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ChangeMembersAsync(new PendingMembership(change, add: false));
    }

    public Task<ChatChangeResult> LeaveAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return ChangeMembersAsync(new PendingMembership(new MembershipChange(userId, [userId]), add: false));
    }

    public Task<ChatChangeResult> SetMemberRoleAsync(RoleChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrEmpty(change.UserId);
        return ChangeRosterAsync(new PendingRole(change));
    }

    public Task<ChatChangeResult> UpdateAsync(ChatUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(update.Name?.Length ?? 0, ChatLimits.MaxNameLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(update.Metadata?.Count ?? 0, ChatLimits.MaxMetadataKeys);
        return ChangeRosterAsync(new PendingProfile(update));
    }

    // Refused at once when the members as they are now refuse it, so a refused call writes no list;
    // the commit plans it again against the members as they are then.
    private async Task<ChatChangeResult> ChangeMembersAsync(PendingMembership change)
    {
        if (!await ExistsAsync())
        {
            return new ChatChangeResult(ChangeOutcome.ChatNotFound);
        }

        Log.Preview(change);
        if (change.Outcome != ChangeOutcome.Changed)
        {
            return Answer(change.Outcome);
        }

        List<string> affected = [.. change.Added, .. change.Removed];
        await Lists.PrepareAsync(ToChat(), affected, joining: change.Add);
        await Log.ChangeRosterAsync(change);
        if (change.Outcome == ChangeOutcome.Changed)
        {
            var roster = Log.Roster;
            await Lists.SettleAsync(ToChat(), affected.Union(change.Added).Union(change.Removed),
                userId => roster.Contains(userId) ? Log.SummaryFor(userId) : null, change.Seq);
        }

        return Answer(change.Outcome);
    }

    private async Task<ChatChangeResult> ChangeRosterAsync(PendingRosterChange change)
    {
        if (!await ExistsAsync())
        {
            return new ChatChangeResult(ChangeOutcome.ChatNotFound);
        }

        await Log.ChangeRosterAsync(change);
        return Answer(change.Outcome);
    }

    // Refusals carry no chat: a non-member learns nothing of it.
    private ChatChangeResult Answer(ChangeOutcome outcome) =>
        outcome is ChangeOutcome.Changed or ChangeOutcome.Unchanged ? new ChatChangeResult(outcome, ToChat()) : new ChatChangeResult(outcome);
}
