namespace Chats.Hosting;

/// <summary>The names of the grain storage providers the grains use, shared with their registration.</summary>
public static class GrainStorageNames
{
    /// <summary>The grain storage holding chat and member-set state (Orleans' Azure Table provider).</summary>
    public const string Chats = "chats";
}
