namespace Chats.Benchmarks;

/// <summary>How long and how large each workload runs (HTTP workloads warm the gateway up first, unmeasured): the full run for BENCHMARKS.md, or --quick to keep the code from rotting.</summary>
internal sealed record class BenchmarkSizes(
    TimeSpan Duration,
    TimeSpan WarmUp,
    int Concurrency,
    int ManyChats,
    int HttpChats,
    int ColdChats,
    int MemoryChats,
    int MessagesPerMemoryChat,
    long MaxOperations,
    int GroupMembers,
    int MemberChangeTrials,
    int ConnectUsers,
    int ConnectChatsPerUser,
    int ConnectionsPerUser,
    int ConnectMessages)
{
    // The memory step fills 1,000 chats and then 1,000 more (a few minutes): --memory-chats N for other sizes.
    // Connect: C1 opens ConnectUsers × ConnectionsPerUser connections (10,000), C2 and C3 connect all GroupMembers.
    public static BenchmarkSizes Full { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 64, 1000, 100, 300, 1_000, 100, 2_000_000, 1000, 5, 1000, 10, 10, 20);

    public static BenchmarkSizes Quick { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 16, 50, 10, 20, 50, 100, 20_000, 200, 2, 50, 2, 2, 3);
}
