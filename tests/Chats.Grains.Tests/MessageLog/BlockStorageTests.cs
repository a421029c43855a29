using System.Diagnostics.Metrics;
using Chats.Diagnostics;
using Chats.Hosting;
using Chats.MessageLog;
using Chats.MessageLog.TableStorage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Chats.Tests.MessageLog;

/// <summary>
/// History in blocks, against a real Azurite: a few entities per hundred messages, pages and events
/// exact across blocks, old messages changed in their blocks (one event each), a message too large
/// for a block kept in a row of its own, and each read counted in entities.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BlockStorageTests(ClusterFixture fixture)
{
    private const int TailSize = 10;

    // Each test's log is its own chat; the tests of this collection run one at a time.

    [Fact]
    public async Task ThreeHundredMessagesTakeNineBlocksAndTheHeaderAndEveryPageIsExact()
    {
        var (store, chatId) = (CreateStore(), NewChatId());
        var posted = await PostAsync(NewLog(chatId, store), 300);

        var rows = await RowKeysAsync(chatId);
        var reader = NewLog(chatId, store);
        var paged = new List<ChatMessage>();
        var entitiesPerPage = new List<long>();
        for (DateTimeOffset? before = null; ;)
        {
            using var reads = new EntityReads();
            var page = await reader.ReadPageAsync(before, 25);
            entitiesPerPage.Add(reads.Count("log_read_page"));
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            before = page[^1].SentAt;
        }

        // Blocks 0 to 8 are entities; the newest (seqs 289 to 300) is in the header.
        Assert.Equal([.. Enumerable.Range(0, 9).Select(number => LogBlock.RowKey(number)), "h"], rows.Order(StringComparer.Ordinal));
        Assert.Equal(posted.Select(message => message.Id).Reverse(), paged.Select(message => message.Id));
        Assert.Equal(Enumerable.Range(1, 300).Select(seq => (long)seq).Reverse(), paged.Select(message => message.Seq));

        // Each page (but the empty one after the oldest) reads the blocks its 25 messages span beyond the tail of 10.
        Assert.Equal(13, entitiesPerPage.Count);
        Assert.All(entitiesPerPage.SkipLast(1), count => Assert.InRange(count, 1, 3));
    }

    [Fact]
    public async Task ACommitRewritesTheNewestBlockWithoutReadingIt()
    {
        var (store, chatId) = (CreateStore(), NewChatId());
        var log = NewLog(chatId, store);
        await log.PostAsync(new NewMessage(null, "alice", "first"));

        using var reads = new EntityReads();
        await PostAsync(log, 70);

        Assert.Equal(0, reads.Count("log_append"));
    }

    [Fact]
    public async Task ALoadedLogCommitsWithoutReadingItsNewestBlockAgain()
    {
        var chatId = NewChatId();
        await PostAsync(NewLog(chatId, CreateStore()), 40);
        var log = NewLog(chatId, CreateStore());
        await log.ReadPageAsync(null, 5);

        using var reads = new EntityReads();
        await PostAsync(log, 3);

        Assert.Equal(0, reads.Count("log_append"));
    }

    [Fact]
    public async Task OldMessagesChangeInTheirBlocksAndEachChangeIsOneEvent()
    {
        var (store, chatId) = (CreateStore(), NewChatId());
        var posted = await PostAsync(NewLog(chatId, store), 100);
        var log = NewLog(chatId, store);

        var edit = await log.UpdateAsync(new MessageEdit(posted[4].Id, posted[4].AuthorId, "five, edited", null));
        var reaction = await log.ReactAsync(new ReactionChange(posted[5].Id, "bob", "👍"), add: true);
        var deletion = await log.DeleteAsync(new MessageDeletion(posted[6].Id, posted[6].AuthorId));
        var read = await log.MarkReadAsync("bob", posted[49].SentAt);
        var events = (await NewLog(chatId, store).ReadEventsAsync(100, 100)).Events;
        var fresh = NewLog(chatId, store);
        var oldest = (await fresh.ReadPageAsync(posted[8].SentAt, 25)).Reverse().ToList();

        Assert.All([edit.Outcome, deletion.Outcome, read.Outcome, reaction.Outcome], outcome => Assert.Equal(ChangeOutcome.Changed, outcome));
        Assert.Equal([101L, 102, 103, 104], events.Select(e => e.Seq));
        Assert.Equal([ChatEventType.MessageUpdated, ChatEventType.ReactionNew, ChatEventType.MessageDeleted, ChatEventType.MessageRead], events.Select(e => e.Type));
        Assert.Equal(posted.Take(8).Select(message => message.Id), oldest.Select(message => message.Id));
        Assert.Equal("five, edited", oldest[4].Text);
        Assert.Equal(1, oldest[5].ReactionCounts!["👍"]);
        Assert.NotNull(oldest[6].DeletedAt);

        // Bob read up to the 50th message; the 7th is deleted but before his marker: 50 unread.
        Assert.Equal(50, fresh.SummaryFor("bob").UnreadCount);
        // The newest block (seqs 97 to 104) is in the header.
        Assert.Equal(["b0000000000000000000", "b0000000000000000001", "b0000000000000000002", "h"], (await RowKeysAsync(chatId)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AMessageTooLargeForABlockHasARowOfItsOwnAndReadsBackWithTheRest()
    {
        var (store, chatId) = (CreateStore(), NewChatId());
        var log = NewLog(chatId, store);
        var before = await PostAsync(log, 5);
        var large = (await log.PostAsync(new NewMessage(null, "alice", new string('字', ChatLimits.MaxTextLength)))).Message!;
        var after = await PostAsync(log, 40);
        var edited = await NewLog(chatId, store).UpdateAsync(new MessageEdit(large.Id, "alice", new string('語', ChatLimits.MaxTextLength), null));

        var page = (await NewLog(chatId, store).ReadPageAsync(after[^5].SentAt, 100)).Reverse().ToList();
        var events = (await NewLog(chatId, store).ReadEventsAsync(0, 100)).Events;
        var rows = await RowKeysAsync(chatId);

        Assert.Equal(ChangeOutcome.Changed, edited.Outcome);
        Assert.Equal([.. before.Select(m => m.Id), large.Id, .. after.Take(35).Select(m => m.Id)], page.Select(message => message.Id));
        Assert.Equal(new string('語', ChatLimits.MaxTextLength), page[5].Text);
        Assert.Equal(Enumerable.Range(1, 47).Select(seq => (long)seq), events.Select(e => e.Seq));
        Assert.Equal(new string('語', ChatLimits.MaxTextLength), events[46].Message!.Text);
        Assert.Equal(["b0000000000000000000", RowKeys.Event(47), "h", RowKeys.Message(large.Seq)], rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadingFromATimeFindsTheNewestMessageBeforeItAcrossBlocks()
    {
        var (store, chatId) = (CreateStore(), NewChatId());
        var posted = await PostAsync(NewLog(chatId, store), 200);

        foreach (var index in new[] { 0, 31, 32, 33, 64, 150, 189 })
        {
            var page = await NewLog(chatId, store).ReadPageAsync(posted[index].SentAt, 3);

            Assert.Equal(posted.Take(index).Reverse().Take(3).Select(message => message.Id), page.Select(message => message.Id));
        }
    }

    [Fact]
    public async Task ACommitInTheNewestBlockWritesTheHeaderOnlyAndABlockIsWrittenOnceWhenItFills()
    {
        var (store, chatId) = (CreateStore(), NewChatId());
        var log = NewLog(chatId, store);
        await PostAsync(log, 31);

        using var writes = new EntityReads("chats.log.entities_written");
        await PostAsync(log, 1);
        var inNewest = writes.Count("");
        await PostAsync(log, 1);

        Assert.Equal(1, inNewest);
        Assert.Equal(3, writes.Count(""));
        Assert.Equal([LogBlock.RowKey(0), "h"], (await RowKeysAsync(chatId)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ALogWrittenWithItsNewestBlockInAnEntityReadsBackAndGrows()
    {
        // 2d0cc2f kept the newest block in an entity of its own, like every other block: made here from a
        // log of today by moving the header's newest block out, as that release would have stored it.
        var (store, chatId) = (CreateStore(), NewChatId());
        var posted = await PostAsync(NewLog(chatId, store), 40);
        var table = new Azure.Data.Tables.TableClient(fixture.Azurite.ConnectionString, new ChatsStorageOptions().MessagesTableName);
        var header = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(chatId, "h", cancellationToken: TestContext.Current.CancellationToken)).Value;
        var newest = HeaderEntity.NewestBlock(header)!.Value.Block;
        await table.AddEntityAsync(LogBlock.ToEntity(chatId, newest.Number, newest.Encode()), TestContext.Current.CancellationToken);
        foreach (var name in header.Keys.Where(name => name.StartsWith("Newest", StringComparison.Ordinal)).ToList())
        {
            header.Remove(name);
        }

        await table.UpdateEntityAsync(header, header.ETag, Azure.Data.Tables.TableUpdateMode.Replace, TestContext.Current.CancellationToken);

        var before = await NewLog(chatId, CreateStore()).ReadPageAsync(null, 100);
        posted.AddRange(await PostAsync(NewLog(chatId, CreateStore()), 30));
        var after = await NewLog(chatId, CreateStore()).ReadPageAsync(null, 100);
        var events = (await NewLog(chatId, CreateStore()).ReadEventsAsync(0, 100)).Events;

        Assert.Equal(posted.Take(40).Select(message => message.Id).Reverse(), before.Select(message => message.Id));
        Assert.Equal(posted.Select(message => message.Id).Reverse(), after.Select(message => message.Id));
        Assert.Equal(Enumerable.Range(1, 70).Select(seq => (long)seq), events.Select(e => e.Seq));
        Assert.Equal([LogBlock.RowKey(0), LogBlock.RowKey(1), "h"], (await RowKeysAsync(chatId)).Order(StringComparer.Ordinal));
    }

    private static async Task<List<ChatMessage>> PostAsync(ChatLog log, int count)
    {
        // One at a time: a ChatLog outside a grain has no scheduler to keep its calls apart.
        var posted = new List<ChatMessage>();
        for (var i = 0; i < count; i++)
        {
            posted.Add((await log.PostAsync(new NewMessage(null, "alice", $"message {i}"))).Message!);
        }

        return posted;
    }

    private async Task<List<string>> RowKeysAsync(string chatId)
    {
        var table = new Azure.Data.Tables.TableClient(fixture.Azurite.ConnectionString, new ChatsStorageOptions().MessagesTableName);
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(row => row.PartitionKey == chatId, select: ["RowKey"], cancellationToken: TestContext.Current.CancellationToken))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private static string NewChatId() => Guid.NewGuid().ToString();

    private static ChatLog NewLog(string chatId, IMessageLogStore store) =>
        new(chatId, store, () => Chats.Members.ChatRoster.Fixed(["alice", "bob"], DateTimeOffset.UnixEpoch), new ChatsGrainOptions { TailSize = TailSize }, TimeProvider.System, NullLogger.Instance);

    private TableMessageLogStore CreateStore()
    {
        var options = Options.Create(new ChatsStorageOptions { ConnectionString = fixture.Azurite.ConnectionString });
        return new TableMessageLogStore(new ChatsTableClients(options), options, NullLogger<TableMessageLogStore>.Instance);
    }

    // Counts chats.log.entities_read (or another counter) by operation while alive (tests of this collection run one at a time).
    private sealed class EntityReads : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = [];

        public EntityReads(string counter = "chats.log.entities_read")
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ChatsMetrics.MeterName && instrument.Name == counter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var operation = tags.ToArray().FirstOrDefault(tag => tag.Key == "operation").Value as string ?? "";
                lock (_counts)
                {
                    _counts[operation] = _counts.GetValueOrDefault(operation) + value;
                }
            });
            _listener.Start();
        }

        public long Count(string operation)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(operation);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
