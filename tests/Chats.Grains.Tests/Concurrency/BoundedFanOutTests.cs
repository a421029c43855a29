using Chats.Concurrency;

namespace Chats.Tests.Concurrency;

/// <summary>The fan-out to members' chat lists: every item called, never more than the limit at once, failures after all have ended.</summary>
public sealed class BoundedFanOutTests
{
    [Fact]
    public async Task EveryItemIsCalledWithNeverMoreThanTheLimitInFlight()
    {
        var (inFlight, most, called) = (0, 0, 0);

        await BoundedFanOut.RunAsync(Enumerable.Range(0, 1000), async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(1, TestContext.Current.CancellationToken);
            Interlocked.Decrement(ref inFlight);
            Interlocked.Increment(ref called);
        });

        Assert.Equal(1000, called);
        Assert.Equal(BoundedFanOut.Limit, most);
    }

    [Fact]
    public async Task AFailureSurfacesOnceEveryCallHasEnded()
    {
        var ended = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => BoundedFanOut.RunAsync(Enumerable.Range(0, 200), async item =>
        {
            await Task.Delay(1, TestContext.Current.CancellationToken);
            Interlocked.Increment(ref ended);
            if (item == 3)
            {
                throw new InvalidOperationException("list 3 unavailable");
            }
        }));

        Assert.Equal("list 3 unavailable", failure.Message);
        Assert.Equal(200, ended);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
