namespace Chats.Benchmarks;

/// <summary>The cheapest grain call there is: the ceiling (G) of grain-level workloads.</summary>
public interface INoopGrain : IGrainWithIntegerKey
{
    Task PingAsync();
}

internal sealed class NoopGrain : Grain, INoopGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
