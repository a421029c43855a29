using Chats.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chats.Tests.Connections;

/// <summary>A list's changes: numbered, the newest kept for resumes, and a position of another activation or too old refused.</summary>
public sealed class ChatListChangesTests
{
    [Fact]
    public void ChangesAfterAPositionAreThoseNumberedAfterIt()
    {
        var changes = NewChanges();
        for (var i = 1; i <= 5; i++)
        {
            changes.Record(ChatListChangeKind.Updated, $"chat{i}", i - 1, i, chat: null);
        }

        var since = changes.Since(new ChatListPosition(changes.Epoch, 2));

        Assert.Equal([3L, 4L, 5L], since!.Select(change => change.Version));
        Assert.Empty(changes.Since(new ChatListPosition(changes.Epoch, 5))!);
    }

    [Fact]
    public void APositionOfAnotherActivationOrOlderThanWhatIsKeptHasNoChanges()
    {
        var changes = NewChanges();
        for (var i = 1; i <= ChatListChanges.Kept + 10; i++)
        {
            changes.Record(ChatListChangeKind.Updated, "chat", i - 1, i, chat: null);
        }

        Assert.Null(changes.Since(new ChatListPosition(Guid.NewGuid(), 20)));
        Assert.Null(changes.Since(new ChatListPosition(changes.Epoch, 9)));
        Assert.Null(changes.Since(new ChatListPosition(changes.Epoch, changes.Version + 1)));
        Assert.Equal(ChatListChanges.Kept, changes.Since(new ChatListPosition(changes.Epoch, 10))!.Count);
    }

    private static ChatListChanges NewChanges() =>
        new("user", TimeSpan.FromMinutes(1), queueLimit: 100, TimeProvider.System, NullLogger.Instance);
}
