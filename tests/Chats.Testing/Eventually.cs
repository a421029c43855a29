namespace Chats.Testing;

/// <summary>Polls for what happens after a reply (a file deleted after its message, a sweep): bounded in time, never a bare sleep.</summary>
public static class Eventually
{
    /// <summary>Calls <paramref name="attempt"/> every 200 ms until <paramref name="done"/> holds or <paramref name="timeout"/> (10 s) passes; returns the last result.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await attempt();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(200);
        }
    }
}
