namespace Chats.Api.Model;

/// <summary>One user's reaction of one type to one message.</summary>
public sealed record class ReactionDto(string MessageId, string UserId, string Type, UtcTimestamp CreatedAt)
{
    public static ReactionDto From(MessageReaction reaction) => new(reaction.MessageId, reaction.UserId, reaction.Type, reaction.CreatedAt);
}
