using Chats.Typing;

namespace Chats.Tests.Typing;

/// <summary>Typing counts at most once a second per member, lapses after six seconds, and a stop is heard only from a typing member.</summary>
public sealed class ChatTypingTests
{
    [Fact]
    public void StartsWithinASecondAreDroppedAndTypingLapsesAfterSixSeconds()
    {
        var clock = new ManualClock();
        var typing = new ChatTyping(clock);

        var counted = new[] { typing.Start("bob"), typing.Start("bob") };
        clock.Advance(TimeSpan.FromSeconds(1));
        var again = typing.Start("bob");
        clock.Advance(TimeSpan.FromSeconds(5.5));
        var early = typing.Expire();
        clock.Advance(TimeSpan.FromSeconds(0.5));
        var lapsed = typing.Expire();

        Assert.Equal([true, false], counted);
        Assert.True(again);
        Assert.Empty(early);
        Assert.Equal(["bob"], lapsed);
        Assert.False(typing.Any);
    }

    [Fact]
    public void AStopIsHeardOnlyFromAMemberWhoWasTyping()
    {
        var typing = new ChatTyping(new ManualClock());
        typing.Start("bob");

        Assert.Equal((true, false, false), (typing.Stop("bob"), typing.Stop("bob"), typing.Stop("carol")));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
