namespace Chats.Concurrency;

/// <summary>
/// At most one run of a drain loop at a time, on the grain's scheduler: <see cref="Trigger"/> starts
/// the drain unless it is running already, and a running drain takes whatever was queued meanwhile
/// before it ends. The chat log's group commit, each observer's deliveries and the rounds of chat-list
/// updates all work this way: work that arrives during a round is folded into the next one.
/// </summary>
internal sealed class SingleFlight(Func<Task> drainAsync)
{
    /// <summary>Whether a drain is running.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Starts the drain unless it is running; never waits for it.</summary>
    public void Trigger()
    {
        if (IsRunning)
        {
            return;
        }

        IsRunning = true;
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            await drainAsync();
        }
        finally
        {
            IsRunning = false;
        }
    }
}
