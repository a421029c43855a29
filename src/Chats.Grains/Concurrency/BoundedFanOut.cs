namespace Chats.Concurrency;

/// <summary>
/// Calls one grain per item with at most <see cref="Limit"/> calls in flight, on the caller's
/// scheduler: a chat's calls to its members' chat lists. A 1,000-member group would otherwise
/// activate 1,000 lists at once, each a storage query, and a burst that size times out on a loaded
/// store where the same calls in waves of 64 finish.
/// </summary>
internal static class BoundedFanOut
{
    public const int Limit = 64;

    /// <summary>Runs <paramref name="call"/> for every item; fails, once all have ended, with the first failure.</summary>
    public static async Task RunAsync<T>(IEnumerable<T> items, Func<T, Task> call)
    {
        var started = new List<Task>();
        var inFlight = new HashSet<Task>();
        foreach (var item in items)
        {
            if (inFlight.Count == Limit)
            {
                inFlight.Remove(await Task.WhenAny(inFlight));
            }

            var task = call(item);
            started.Add(task);
            inFlight.Add(task);
        }

        await Task.WhenAll(started);
    }
}
