using Chats.Hosting;
using Chats.MessageLog;
using Chats.MessageLog.TableStorage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Chats.Tests.MessageLog;

/// <summary>
/// Two writers on one chat's log, as two activations of one grain would be during a failover: the
/// stale one is refused by the header ETag, reloads, and the log stays one linear history.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StaleWriterTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ACommitWithAStaleHeaderIsRefusedAndStoresNothing()
    {
        var store = CreateStore();
        var chatId = Guid.NewGuid().ToString();
        var snapshot = await store.LoadAsync(chatId, 10);
        var first = await store.CommitAsync(chatId, snapshot.HeaderEtag, Header(1), [Append("first", 1)]);

        var stale = await store.CommitAsync(chatId, snapshot.HeaderEtag, Header(2), [Append("stale", 2)]);
        var stored = await ReadStoredAsync(store, chatId, 10);

        Assert.Equal(CommitStatus.Stored, first.Status);
        Assert.Equal(CommitStatus.Stale, stale.Status);
        Assert.Equal(["first"], stored.Select(message => message.Id));
    }

    [Fact]
    public async Task TwoActivationsWritingOneLogKeepItLinear()
    {
        var store = CreateStore();
        var chatId = Guid.NewGuid().ToString();
        var (first, second) = (NewActivationLog(chatId, store), NewActivationLog(chatId, store));
        await first.ReadPageAsync(null, 10);
        await second.ReadPageAsync(null, 10);

        // Each writes with the view it loaded; every second write meets the other's change first.
        var results = new List<PostMessageResult>();
        for (var i = 0; i < 6; i++)
        {
            var writer = i % 2 == 0 ? first : second;
            results.Add(await writer.PostAsync(new NewMessage($"m{i}", "alice", $"text {i}")));
        }

        var stored = await ReadStoredAsync(store, chatId, 100);

        Assert.All(results, result => Assert.Equal(PostMessageOutcome.Created, result.Outcome));
        Assert.Equal(["m5", "m4", "m3", "m2", "m1", "m0"], stored.Select(message => message.Id));
        Assert.Equal(stored.OrderByDescending(message => message.SentAt), stored);
        Assert.Equal(results.Select(result => result.Message).Reverse(), stored.Select(message => message.ToMessage(chatId)));
        Assert.Equal([1L, 2, 3, 4, 5, 6], stored.Select(message => message.Seq).Reverse());
    }

    [Fact]
    public async Task AStaleWriterRepeatingAnIdTheOtherStoredGetsTheOriginal()
    {
        var store = CreateStore();
        var chatId = Guid.NewGuid().ToString();
        var (first, second) = (NewActivationLog(chatId, store), NewActivationLog(chatId, store));
        await second.ReadPageAsync(null, 10);

        var original = await first.PostAsync(new NewMessage("shared-id", "alice", "original"));
        var repeat = await second.PostAsync(new NewMessage("shared-id", "bob", "repeat"));

        Assert.Equal(PostMessageOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(original.Message, repeat.Message);
        Assert.Single(await ReadStoredAsync(store, chatId, 10));
    }

    [Fact]
    public async Task TwoActivationsChangingOneLogKeepOneConsecutiveSeq()
    {
        var store = CreateStore();
        var chatId = Guid.NewGuid().ToString();
        var (first, second) = (NewActivationLog(chatId, store), NewActivationLog(chatId, store));
        var message = (await first.PostAsync(new NewMessage("m", "alice", "text"))).Message!;
        await second.ReadPageAsync(null, 10);

        // Each writes with the view it loaded; each second write meets the other's change first.
        var reaction = await second.ReactAsync(new ReactionChange("m", "bob", "👍"), add: true);
        var edit = await first.UpdateAsync(new MessageEdit("m", "alice", "edited", null));
        var read = await second.MarkReadAsync("bob", message.SentAt);
        var deletion = await first.DeleteAsync(new MessageDeletion("m", "alice"));
        var events = (await first.ReadEventsAsync(0, 100)).Events;
        var stored = await ReadStoredAsync(store, chatId, 10);

        Assert.All([reaction.Outcome, edit.Outcome, read.Outcome, deletion.Outcome], outcome => Assert.Equal(ChangeOutcome.Changed, outcome));
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Seq));
        Assert.Equal(
            [ChatEventType.MessageNew, ChatEventType.ReactionNew, ChatEventType.MessageUpdated, ChatEventType.MessageRead, ChatEventType.MessageDeleted],
            events.Select(e => e.Type));
        Assert.NotNull(Assert.Single(stored).DeletedAt);
    }

    // The newest messages as storage holds them now, read as a new activation would.
    private static async Task<IReadOnlyList<StoredMessage>> ReadStoredAsync(TableMessageLogStore store, string chatId, int limit) =>
        await store.ReadPageAsync(chatId, (await store.LoadAsync(chatId, 1)).Header, null, limit);

    private static ChatLog NewActivationLog(string chatId, IMessageLogStore store) =>
        new(chatId, store, () => Chats.Members.ChatRoster.Fixed(["alice", "bob"], DateTimeOffset.UnixEpoch), new ChatsGrainOptions { TailSize = 10 }, TimeProvider.System, NullLogger.Instance);

    private TableMessageLogStore CreateStore()
    {
        var options = Options.Create(new ChatsStorageOptions { ConnectionString = fixture.Azurite.ConnectionString });
        var store = new TableMessageLogStore(new ChatsTableClients(options), options, NullLogger<TableMessageLogStore>.Instance);
        return store;
    }

    private static DateTimeOffset At(int second) => new(2026, 1, 1, 0, 0, second, TimeSpan.Zero);

    private static LogHeader Header(int second) => LogHeader.Empty with { LastSentAt = At(second), LastSeq = second, MessageCount = second };

    private static LogWrite Append(string id, int second) =>
        new LogWrite.NewMessage(0, new StoredMessage(id, "alice", "text", At(second), second, second), ClientSuppliedId: true);
}
