namespace Chats.Hosting;

/// <summary>How chat grains use memory and batch writes. Bound from the <c>Chats:Grains</c> configuration section.</summary>
public sealed class ChatGrainOptions
{
    /// <summary>How many of the newest messages an active chat keeps in memory to serve pages without storage reads.</summary>
    public int TailSize { get; set; } = 100;

    /// <summary>
    /// How many concurrent messages at most are committed in one storage transaction (1 to 99). A
    /// transaction holds 100 entities: the log header, one per message, one more per client-supplied id.
    /// </summary>
    public int MaxBatchSize { get; set; } = 99;
}
