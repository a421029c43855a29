namespace Chats.MemberSets;

/// <summary>The chat that a member set owns, once chosen.</summary>
[GenerateSerializer, Alias("chats.member-set-state")]
public sealed class MemberSetState
{
    [Id(0)]
    public string? ChatId { get; set; }
}
