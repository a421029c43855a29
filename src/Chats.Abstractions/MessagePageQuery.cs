namespace Chats;

/// <summary>A request for one page of a chat's history, newest first.</summary>
/// <param name="SentBefore">Only messages strictly older than this instant; null for the newest.</param>
/// <param name="Limit">How many messages at most (1 to <see cref="ChatLimits.MaxPageSize"/>).</param>
/// <param name="ReaderId">When set, the page is served only if this user is a member (else <see cref="MessagePage.ReaderNotAMember"/>).</param>
[GenerateSerializer, Immutable, Alias("chats.message-page-query")]
public sealed record class MessagePageQuery(DateTimeOffset? SentBefore, int Limit, string? ReaderId = null);
