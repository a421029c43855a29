namespace Chats;

/// <summary>
/// The answer to <see cref="IUserChatsGrain.FollowAsync"/>: the list as it is at <paramref name="Version"/>,
/// and, when resuming, what changed after the position asked for.
/// </summary>
/// <param name="Epoch">Identifies this activation of the list: versions of another epoch cannot be compared.</param>
/// <param name="Chats">Every chat on the list now, with its entry.</param>
/// <param name="Since">The changes after the position asked for, oldest first; null when none was asked for or it is too old (another epoch, or older than the changes the list keeps).</param>
[GenerateSerializer, Immutable, Alias("chats.chat-list-feed")]
public sealed record class ChatListFeed(Guid Epoch, long Version, IReadOnlyList<UserChat> Chats, IReadOnlyList<ChatListChange>? Since);

/// <summary>A position in a user's chat list's changes: an epoch and a version in it.</summary>
[GenerateSerializer, Immutable, Alias("chats.chat-list-position")]
public sealed record class ChatListPosition(Guid Epoch, long Version);
