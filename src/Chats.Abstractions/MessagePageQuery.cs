namespace Chats;

/// <summary>A request for one page of a chat's history, newest first.</summary>
/// <param name="SentBefore">Only messages strictly older than this instant; null for the newest.</param>
/// <param name="Limit">How many messages at most (1 to <see cref="ChatLimits.MaxPageSize"/>).</param>
[GenerateSerializer, Immutable, Alias("chats.message-page-query")]
public sealed record class MessagePageQuery(DateTimeOffset? SentBefore, int Limit);
