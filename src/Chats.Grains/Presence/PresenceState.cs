namespace Chats.Presence;

/// <summary>The persisted part of a user's presence: when their last connection ended.</summary>
[GenerateSerializer, Alias("chats.presence-state")]
public sealed class PresenceState
{
    [Id(0)]
    public DateTimeOffset? LastActiveAt { get; set; }
}
