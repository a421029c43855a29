using System.Diagnostics;

namespace Chats.Benchmarks;

/// <summary>N workers issuing operations back to back for a bounded time and count, recording each latency.</summary>
internal static class ClosedLoopLoad
{
    public static async Task<Measurement> RunAsync(
        string name, string description, int concurrency, TimeSpan duration, long maxOperations, Func<int, long, Task> operation)
    {
        var latencies = new List<long>[concurrency];
        long issued = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(1024);
            while (clock.Elapsed < duration)
            {
                var number = Interlocked.Increment(ref issued);
                if (number > maxOperations)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(worker, number);
                }
                catch (Exception exception) when (IsStoreFailure(exception))
                {
                    // A store too slow for the load is a result to report, not a crash of the benchmark.
                    if (Interlocked.Increment(ref failed) == 1)
                    {
                        Console.WriteLine($"{name}: an operation failed ({exception.GetType().Name}: {exception.Message}); counting failures");
                    }

                    continue;
                }

                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;

        var all = latencies.SelectMany(list => list).Order().ToArray();
        return new Measurement(name, description, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all.Length) { Failures = failed };
    }

    /// <summary>What a slow or unavailable store surfaces as: a grain's storage error or call timeout, or the gateway's 503.</summary>
    public static bool IsStoreFailure(Exception exception) => exception switch
    {
        ChatStorageUnavailableException or TimeoutException or Orleans.Storage.InconsistentStateException => true,
        HttpRequestException { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStoreFailure),
        _ => false,
    };

    public static double Percentile(long[] sortedTimestamps, double percentile) =>
        sortedTimestamps.Length == 0
            ? 0
            : sortedTimestamps[Math.Min(sortedTimestamps.Length - 1, (int)(percentile * sortedTimestamps.Length))] * 1000.0 / Stopwatch.Frequency;
}
