namespace Chats;

/// <summary>One chat: its members (fixed in a distinct chat, changing in a group) and its time-ordered message log. Keyed by the chat id (scoped by <see cref="TenantKeys"/> outside the default tenant).</summary>
[Alias("chats.IChatGrain")]
public interface IChatGrain : IGrainWithStringKey
{
    /// <summary>Returns the chat, or null when no chat has this id.</summary>
    [Alias("GetAsync")]
    Task<Chat?> GetAsync();

    /// <summary>Creates the chat with these members, or returns it unchanged if it already exists.</summary>
    [Alias("InitializeAsync")]
    Task<Chat> InitializeAsync(IReadOnlyList<string> sortedUserIds);

    /// <summary>
    /// Creates the chat as <paramref name="chat"/> describes (a group, or a distinct chat with a name or
    /// metadata), or returns it unchanged if it already exists; durable, and in every member's chat list, when it returns.
    /// </summary>
    [Alias("CreateAsync")]
    Task<Chat> CreateAsync(NewChat chat);

    /// <summary>The member with this id, or null when the chat does not exist or they are not a member.</summary>
    [Alias("GetMemberAsync")]
    Task<ChatMember?> GetMemberAsync(string userId);

    /// <summary>One page of members, ordered by user id.</summary>
    [Alias("ListMembersAsync")]
    Task<MemberPage> ListMembersAsync(MemberPageQuery query);

    /// <summary>Adds members to a group (emits <c>member.added</c> with those not members already); the owner, admins or the service.</summary>
    [Alias("AddMembersAsync")]
    Task<ChatChangeResult> AddMembersAsync(MembershipChange change);

    /// <summary>
    /// Removes members from a group (emits <c>member.removed</c>): their streams end and the chat leaves
    /// their lists. The owner removes anyone, an admin members, anyone themselves, the service anyone.
    /// </summary>
    [Alias("RemoveMembersAsync")]
    Task<ChatChangeResult> RemoveMembersAsync(MembershipChange change);

    /// <summary>The user leaves the group (a removal by themselves); an owner's ownership passes to the longest-standing admin, else member.</summary>
    [Alias("LeaveAsync")]
    Task<ChatChangeResult> LeaveAsync(string userId);

    /// <summary>Sets a group member's role (emits <c>member.updated</c>); the owner or the service. Making another member owner passes ownership.</summary>
    [Alias("SetMemberRoleAsync")]
    Task<ChatChangeResult> SetMemberRoleAsync(RoleChange change);

    /// <summary>Renames the chat or changes its metadata (emits <c>chat.updated</c>): in a group the owner, admins or the service; in a distinct chat any member.</summary>
    [Alias("UpdateAsync")]
    Task<ChatChangeResult> UpdateAsync(ChatUpdate update);

    /// <summary>Appends a message once it is durable; a repeated id returns the original message.</summary>
    [Alias("PostMessageAsync")]
    Task<PostMessageResult> PostMessageAsync(NewMessage message);

    /// <summary>A member's upload URL for one file, attachable to one of their messages in this chat.</summary>
    [Alias("CreateUploadAsync")]
    Task<UploadResult> CreateUploadAsync(UploadDraft draft);

    /// <summary>A short-lived read URL of a message's attachment, for a member as of now.</summary>
    [Alias("GetAttachmentAsync")]
    Task<AttachmentAccess> GetAttachmentAsync(string userId, string attachmentId);

    /// <summary>Returns one page of history, newest first.</summary>
    [Alias("ListMessagesAsync")]
    Task<MessagePage> ListMessagesAsync(MessagePageQuery query);

    /// <summary>Changes an own message's text or metadata; sets its <c>edited_at</c> and emits <c>message.updated</c>.</summary>
    [Alias("UpdateMessageAsync")]
    Task<MessageChangeResult> UpdateMessageAsync(MessageEdit edit);

    /// <summary>Leaves a tombstone of the message in history and emits <c>message.deleted</c>; again, returns the tombstone.</summary>
    [Alias("DeleteMessageAsync")]
    Task<MessageChangeResult> DeleteMessageAsync(MessageDeletion deletion);

    /// <summary>Adds a reaction (a repeat returns the existing one) and emits <c>reaction.new</c>.</summary>
    [Alias("AddReactionAsync")]
    Task<ReactionResult> AddReactionAsync(ReactionChange reaction);

    /// <summary>Removes a reaction (an absent one is no error) and emits <c>reaction.deleted</c>.</summary>
    [Alias("RemoveReactionAsync")]
    Task<ReactionResult> RemoveReactionAsync(ReactionChange reaction);

    /// <summary>Moves the user's read marker forward to <paramref name="sentAt"/> (never back) and emits <c>message.read</c>.</summary>
    [Alias("MarkReadAsync")]
    Task<ReadResult> MarkReadAsync(string userId, DateTimeOffset sentAt);

    /// <summary>What <paramref name="userId"/>'s chat list shows of this chat now; null when no chat has this id or the user is not a member.</summary>
    [Alias("GetListEntryAsync")]
    Task<ChatListEntry?> GetListEntryAsync(string userId);

    /// <summary>Returns the chat's events after a seq, oldest first.</summary>
    [Alias("ListEventsAsync")]
    Task<EventPage> ListEventsAsync(EventPageQuery query);

    /// <summary>
    /// Subscribes <paramref name="observer"/> to the chat's events, or renews its subscription.
    /// A subscription not renewed within the chat's observer lease (a minute by default) lapses.
    /// </summary>
    [Alias("SubscribeAsync")]
    Task<ChatSubscription> SubscribeAsync(IChatObserver observer);

    /// <summary>Ends the observer's subscription, if it has one.</summary>
    [Alias("UnsubscribeAsync")]
    Task UnsubscribeAsync(IChatObserver observer);

    /// <summary>
    /// A member is typing (or stopped): observers hear it, nothing is stored. At most one call a second
    /// per member counts; typing stops by itself <see cref="ChatLimits.TypingTimeout"/> after the last
    /// one that did, and when the member posts. <c>Changed</c>, or <c>ChatNotFound</c> / <c>NotAMember</c>.
    /// </summary>
    [Alias("SendTypingAsync")]
    Task<ChangeOutcome> SendTypingAsync(string userId, bool typing);
}
