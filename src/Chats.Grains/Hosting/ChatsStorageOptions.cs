using System.ComponentModel.DataAnnotations;

namespace Chats.Hosting;

/// <summary>Where Chats keeps its data. Bound from the <c>Chats:Storage</c> configuration section.</summary>
public sealed class ChatsStorageOptions
{
    public const string Section = "Chats:Storage";

    /// <summary>The Azure Table storage connection string; defaults to Azurite on 127.0.0.1:10002.</summary>
    [Required]
    public string ConnectionString { get; set; } = LocalStorage.AzuriteConnectionString;

    /// <summary>The table of grain state (chats and member-set indexes).</summary>
    public string GrainStateTableName { get; set; } = "ChatsGrainState";

    /// <summary>The table of message logs, one partition per chat.</summary>
    public string MessagesTableName { get; set; } = "ChatsMessages";

    /// <summary>The table of users' chat lists, one partition per user, one row per chat.</summary>
    public string UserChatsTableName { get; set; } = "ChatsUserChats";

    /// <summary>How long one storage request may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a failed storage request is retried before the call fails as unavailable.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;
}
