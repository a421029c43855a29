using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Chats.Hosting;

/// <summary>
/// How the chat grains and users' chat-list grains use memory and batch their writes. Bound from the
/// <c>Chats:Grains</c> configuration section.
/// </summary>
public sealed class ChatsGrainOptions
{
    public const string Section = "Chats:Grains";

    /// <summary>How many of the newest messages an active chat keeps in memory to serve pages without storage reads.</summary>
    [Range(1, 100_000)]
    public int TailSize { get; set; } = 100;

    /// <summary>
    /// How many concurrent messages at most are committed in one storage transaction (1 to 99). A
    /// transaction holds 100 entities: the log header, one per message, one more per client-supplied id.
    /// </summary>
    [Range(1, 99)]
    public int MaxBatchSize { get; set; } = 99;

    /// <summary>
    /// How long a stream observer's subscription lasts without renewal. Gateways renew theirs every
    /// <c>Chats:Stream:RenewInterval</c> (5 s); this must be comfortably longer.
    /// </summary>
    public TimeSpan ObserverLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many messages may wait for one observer before it is dropped as too slow.</summary>
    [Range(1, 10_000_000)]
    public int ObserverQueueLimit { get; set; } = 10_000;

    /// <summary>
    /// How long CreateMessage waits, after the message is durable, for the members' chat lists to show
    /// the new activity (so the author's next ListChats does). The reply is a success either way.
    /// </summary>
    public TimeSpan ActivityWaitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a user's chat list may hold a newer last-message time before writing it to storage:
    /// every active list is written once a period, so this sets what chat lists cost in writes. A
    /// crash loses at most this much of the lists' ordering, until each chat's next message.
    /// Settings written for earlier releases may call it <see cref="UserIndexWriteDelay"/>.
    /// </summary>
    public TimeSpan ChatListWriteDelay { get; set; } = DefaultChatListWriteDelay;

    /// <summary>The name earlier releases gave <see cref="ChatListWriteDelay"/>: used when that one is left at its default.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan? UserIndexWriteDelay { get; set; }

    internal static TimeSpan DefaultChatListWriteDelay { get; } = TimeSpan.FromSeconds(30);
}
