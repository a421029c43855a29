using System.ComponentModel.DataAnnotations;

namespace Chats.Hosting;

/// <summary>Where Chats keeps its data. Bound from the <c>Chats:Storage</c> configuration section.</summary>
public sealed class ChatsStorageOptions : IValidatableObject
{
    /// <summary>The name of the first account (<see cref="ConnectionString"/>) among the message accounts.</summary>
    public const string FirstAccount = "default";

    public const string Section = "Chats:Storage";

    /// <summary>The Azure Table storage connection string; defaults to Azurite on 127.0.0.1:10002.</summary>
    [Required]
    public string ConnectionString { get; set; } = LocalStorage.AzuriteConnectionString;

    /// <summary>
    /// More storage accounts for message logs, by name (connection strings). A new chat's log goes to
    /// one of them or to the first account, chosen by its key and recorded in its state, so adding an
    /// account sends new chats to it and moves nothing; an account that holds chats cannot be removed.
    /// Grain state, membership and chat lists stay in the first account.
    /// </summary>
    public Dictionary<string, string> MessageAccounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The table of grain state (chats and member-set indexes).</summary>
    public string GrainStateTableName { get; set; } = "ChatsGrainState";

    /// <summary>The table of message logs, one partition per chat.</summary>
    public string MessagesTableName { get; set; } = "ChatsMessages";

    /// <summary>The table of users' chat lists, one partition per user, one row per chat.</summary>
    public string UserChatsTableName { get; set; } = "ChatsUserChats";

    /// <summary>The table of Orleans reminders (a chat's webhook deliveries keep one while they have a backlog).</summary>
    public string RemindersTableName { get; set; } = "ChatsReminders";

    /// <summary>How long one storage request may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a failed storage request is retried before the call fails as unavailable.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, connectionString) in MessageAccounts)
        {
            if (name == FirstAccount || string.IsNullOrWhiteSpace(name) || name.Length > 64)
            {
                yield return new ValidationResult($"Message account name '{name}': 1 to 64 characters, not '{FirstAccount}' (the first account's).", [nameof(MessageAccounts)]);
            }

            if (string.IsNullOrWhiteSpace(connectionString))
            {
                yield return new ValidationResult($"Message account '{name}' has no connection string.", [nameof(MessageAccounts)]);
            }
        }
    }
}
