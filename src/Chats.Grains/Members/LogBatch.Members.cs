using Chats.Members;

namespace Chats.MessageLog;

/// <summary>The planning of member and chat changes: who may make them, their events and the roster they leave.</summary>
internal sealed partial class LogBatch
{
    internal void Plan(PendingCreation pending, int owner)
    {
        pending.Reset();

        // Stored already by an earlier attempt whose chat state was not written: keep that one.
        if (header.Roster is not null || _rosterChanged)
        {
            pending.Outcome = ChangeOutcome.Unchanged;
            return;
        }

        SetRoster(owner, ChatRoster.Create(pending.Chat, now));
        pending.Outcome = ChangeOutcome.Changed;
    }

    internal void Plan(PendingMembership pending, int owner)
    {
        pending.Reset();
        var change = pending.Change;
        if (RefuseUnlessGroup(change.ActorId, pending.Add ? ChatRole.Admin : ChatRole.Member) is { } refused)
        {
            pending.Outcome = refused;
            return;
        }

        var members = _roster.Members;
        if (pending.Add)
        {
            pending.Added.AddRange(change.UserIds.Distinct(StringComparer.Ordinal).Where(id => !members.ContainsKey(id)));
            if (pending.Added.Count == 0)
            {
                pending.Outcome = ChangeOutcome.Unchanged;
                return;
            }

            if (members.Count + pending.Added.Count > change.MaxMembers)
            {
                pending.Reset();
                pending.Outcome = ChangeOutcome.TooManyMembers;
                return;
            }

            var seq = ++_lastSeq;
            foreach (var id in pending.Added)
            {
                members = members.SetItem(id, new RosterEntry(ChatRole.Member, now, seq));

                // A new member has read everything before their join: the history is theirs, not unread.
                if (_lastSentAt is { } lastSentAt)
                {
                    _reads = _reads.SetItem(id, new ReadState(lastSentAt, _messageCount));
                }
            }

            Emit(owner, new ChatEvent(ChatEventType.MemberAdded, seq, chatKey, now, change.ActorId, Members: new MemberChange([.. pending.Added])));
            pending.Seq = seq;
            SetRoster(owner, _roster.WithMembers(members));
            pending.Outcome = ChangeOutcome.Changed;
            return;
        }

        var targets = change.UserIds.Distinct(StringComparer.Ordinal).Where(members.ContainsKey).ToList();
        if (targets.Any(target => !MayRemove(change.ActorId, target)))
        {
            pending.Outcome = ChangeOutcome.NotAllowed;
            return;
        }

        if (targets.Count == 0)
        {
            pending.Outcome = ChangeOutcome.Unchanged;
            return;
        }

        var ownerLeft = targets.Contains(_roster.OwnerId ?? string.Empty);
        members = members.RemoveRange(targets);
        _reads = _reads.RemoveRange(targets);
        pending.Removed.AddRange(targets);
        Emit(owner, new ChatEvent(ChatEventType.MemberRemoved, ++_lastSeq, chatKey, now, change.ActorId, Members: new MemberChange(targets)));
        var roster = _roster.WithMembers(members);

        // A group keeps an owner while it has members: the longest-standing admin, else member, takes over
        // (the service's change, so no user is named).
        if (ownerLeft && roster.Successor() is { } successor)
        {
            roster = roster.WithMembers(members.SetItem(successor, members[successor] with { Role = ChatRole.Owner }));
            Emit(owner, new ChatEvent(ChatEventType.MemberUpdated, ++_lastSeq, chatKey, now, UserId: null, Members: new MemberChange([successor], ChatRole.Owner)));
        }

        pending.Seq = _lastSeq;
        SetRoster(owner, roster);
        pending.Outcome = ChangeOutcome.Changed;
    }

    internal void Plan(PendingRole pending, int owner)
    {
        pending.Reset();
        var change = pending.Change;
        if (RefuseUnlessGroup(change.ActorId, ChatRole.Owner) is { } refused)
        {
            pending.Outcome = refused;
            return;
        }

        var members = _roster.Members;
        if (!members.TryGetValue(change.UserId, out var target))
        {
            pending.Outcome = ChangeOutcome.TargetNotAMember;
            return;
        }

        if (target.Role == change.Role)
        {
            pending.Outcome = ChangeOutcome.Unchanged;
            return;
        }

        if (target.Role == ChatRole.Owner)
        {
            // Demoting the owner would leave the group without one: ownership is passed, not dropped.
            pending.Outcome = ChangeOutcome.OwnerRequired;
            return;
        }

        members = members.SetItem(change.UserId, target with { Role = change.Role });
        Emit(owner, new ChatEvent(ChatEventType.MemberUpdated, ++_lastSeq, chatKey, now, change.ActorId, Members: new MemberChange([change.UserId], change.Role)));
        if (change.Role == ChatRole.Owner && _roster.OwnerId is { } previous)
        {
            members = members.SetItem(previous, members[previous] with { Role = ChatRole.Admin });
            Emit(owner, new ChatEvent(ChatEventType.MemberUpdated, ++_lastSeq, chatKey, now, change.ActorId, Members: new MemberChange([previous], ChatRole.Admin)));
        }

        pending.Seq = _lastSeq;
        SetRoster(owner, _roster.WithMembers(members));
        pending.Outcome = ChangeOutcome.Changed;
    }

    internal void Plan(PendingProfile pending, int owner)
    {
        pending.Reset();
        var update = pending.Update;

        // In a group the owner and admins rename; a distinct chat has no roles, so any member may.
        var role = update.ActorId is { } actor ? _roster.RoleOf(actor) : ChatRole.Owner;
        if (role is null)
        {
            pending.Outcome = ChangeOutcome.NotAMember;
            return;
        }

        if (_roster.IsGroup && role < ChatRole.Admin)
        {
            pending.Outcome = ChangeOutcome.NotAllowed;
            return;
        }

        var name = update.Name is null ? _roster.Name : update.Name.Length > 0 ? update.Name : null;
        var metadata = update.Metadata is null ? _roster.Metadata : update.Metadata.Count > 0 ? update.Metadata : null;
        if (name == _roster.Name && StoredMessage.SameMetadata(metadata, _roster.Metadata))
        {
            pending.Outcome = ChangeOutcome.Unchanged;
            return;
        }

        Emit(owner, new ChatEvent(ChatEventType.ChatUpdated, ++_lastSeq, chatKey, now, update.ActorId, Chat: new ChatProfile(name, metadata)));
        pending.Seq = _lastSeq;
        SetRoster(owner, _roster.WithProfile(name, metadata));
        pending.Outcome = ChangeOutcome.Changed;
    }

    // Member changes are for groups, by a member with at least `least` (the service, actor null, may do anything).
    private ChangeOutcome? RefuseUnlessGroup(string? actorId, ChatRole least) =>
        !_roster.IsGroup ? ChangeOutcome.ChatIsDistinct
        : actorId is null ? null
        : _roster.RoleOf(actorId) is not { } role ? ChangeOutcome.NotAMember
        : role < least ? ChangeOutcome.NotAllowed
        : null;

    // Anyone may remove themselves; the owner anyone; an admin plain members; the service anyone.
    private bool MayRemove(string? actorId, string target) =>
        actorId is null || actorId == target || _roster.RoleOf(actorId) switch
        {
            ChatRole.Owner => true,
            ChatRole.Admin => _roster.RoleOf(target) == ChatRole.Member,
            _ => false,
        };

    private void SetRoster(int owner, ChatRoster roster)
    {
        _roster = roster;
        _rosterChanged = true;
        Writes.Add(new LogWrite.RosterRow(owner, roster));
    }
}
