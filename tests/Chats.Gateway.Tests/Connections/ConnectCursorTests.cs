using Chats.Gateway.Connections;

namespace Chats.Tests.Connections;

/// <summary>A cursor says the list position and only the chats sent ahead of the list, and reads back as written.</summary>
public sealed class ConnectCursorTests
{
    [Fact]
    public void ACursorReadsBackAsWrittenWhateverItsChatKeysHold()
    {
        var cursor = new ConnectCursor(Guid.NewGuid(), 42, new Dictionary<string, long> { ["\u0001beta\u0001a.b~c"] = 7, ["plain"] = 3 });

        Assert.True(ConnectCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal((cursor.Epoch, cursor.Version), (read.Epoch, read.Version));
        Assert.Equal(cursor.Ahead.OrderBy(pair => pair.Key), read.Ahead.OrderBy(pair => pair.Key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef.-1")]
    [InlineData("0123456789abcdef0123456789abcdef.5.!!!~3")]
    [InlineData("0123456789abcdef0123456789abcdef.5.YQ~")]
    [InlineData("0123456789abcdef0123456789abcdef.5.YQ~1.YQ~2")]
    public void AnythingElseIsNotACursor(string text) => Assert.False(ConnectCursor.TryParse(text, out _));

    [Fact]
    public void OnlyChatsSentPastWhatTheListShowedAreInTheCursor()
    {
        var positions = new ConnectPositions(Guid.NewGuid(), 10);
        positions.Listed("even", 5);
        positions.Follow("even", 5);
        positions.Listed("ahead", 5);
        positions.Follow("ahead", 5);
        positions.Sent("ahead", 7);
        positions.Follow("new", 3);

        Assert.Equal(new Dictionary<string, long> { ["ahead"] = 7, ["new"] = 3 }, positions.Cursor().Ahead);
        Assert.Equal(10, positions.Cursor().Version);
    }
}
