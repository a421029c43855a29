namespace Chats;

/// <summary>A request for one page of a user's chats, most recent activity first.</summary>
/// <param name="Before">Only chats whose last activity is strictly earlier; null for the most recent.</param>
/// <param name="Limit">How many chats at most (1 to <see cref="ChatLimits.MaxPageSize"/>).</param>
/// <param name="UserId">
/// The list's user id (tenant-local, as the chats know their members). Chats listed before chats
/// pushed their view get it from the chat when this is given.
/// </param>
[GenerateSerializer, Immutable, Alias("chats.user-chats-query")]
public sealed record class UserChatsQuery(DateTimeOffset? Before, int Limit, string? UserId = null);
