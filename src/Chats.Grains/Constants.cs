namespace Chats;

/// <summary>Names shared by the grains and their registration.</summary>
public static class ChatsConstants
{
    /// <summary>The grain storage provider that holds chat and member-set state.</summary>
    public const string StorageName = "chats";
}
