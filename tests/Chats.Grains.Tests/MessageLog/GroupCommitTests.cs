namespace Chats.Tests.MessageLog;

/// <summary>Concurrent CreateMessage calls to one chat share storage transactions, and fail only together.</summary>
public sealed class GroupCommitTests(GroupCommitFixture fixture, ITestOutputHelper output) : IClassFixture<GroupCommitFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task FiveHundredConcurrentWritesAreStoredInOrderWithFewerTransactionsThanMessages()
    {
        var chat = await TestData.NewChatAsync(Grains);

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            Grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(i % 2 == 0 ? $"id/{i}#?" : null, chat.UserIds[i % 2], $"text {i}"))));
        var stored = (await Grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 1000))).Messages;
        var transactions = InstrumentedMessageLogStore.AppendCount(chat.Id);
        output.WriteLine($"500 messages in {transactions} storage transactions");

        Assert.All(results, result => Assert.Equal(PostMessageOutcome.Created, result.Outcome));
        Assert.Equal(500, stored.Count);
        Assert.Equal(stored.OrderByDescending(message => message.SentAt), stored);
        Assert.Equal(500, stored.Select(message => message.SentAt).Distinct().Count());
        Assert.Equal(results.Select(result => result.Message).OrderByDescending(message => message!.SentAt), stored);
        Assert.True(transactions < 500, $"{transactions} transactions for 500 messages");
    }

    [Fact]
    public async Task ADuplicateIdInsideOneBatchIsStoredOnce()
    {
        var chat = await TestData.NewChatAsync(Grains);

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            Grains.GetChat(chat.Id).PostMessageAsync(new NewMessage($"same-{i % 20}", chat.UserIds[0], $"attempt {i}"))));
        var stored = (await Grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 1000))).Messages;

        Assert.Equal(20, stored.Count);
        Assert.Equal(20, results.Count(result => result.Outcome == PostMessageOutcome.Created));
        Assert.All(results, result => Assert.Equal(stored.Single(message => message.Id == result.Message!.Id), result.Message));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFailedBatchFailsOnlyItsCallersAndTheirRetriesStoreEachMessageOnce(bool failAfterCommit)
    {
        var chat = await TestData.NewChatAsync(Grains);
        await Grains.GetChat(chat.Id).PostMessageAsync(new NewMessage("warm-up", chat.UserIds[0], "first append"));
        InstrumentedMessageLogStore.FailAppend(chat.Id, appendNumber: 3, afterCommit: failAfterCommit);

        var messages = Enumerable.Range(0, 200).Select(i => new NewMessage($"m{i}", chat.UserIds[i % 2], $"text {i}")).ToList();
        var attempts = await Task.WhenAll(messages.Select(async message =>
        {
            try
            {
                return (message, Result: await Grains.GetChat(chat.Id).PostMessageAsync(message), Failed: false);
            }
            catch (ChatStorageUnavailableException)
            {
                return (message, Result: (PostMessageResult?)null, Failed: true);
            }
        }));
        var failed = attempts.Where(attempt => attempt.Failed).Select(attempt => attempt.message).ToList();
        var retries = await Task.WhenAll(failed.Select(message => Grains.GetChat(chat.Id).PostMessageAsync(message)));
        var stored = (await Grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 1000))).Messages;
        output.WriteLine($"{failed.Count} of 200 callers failed with their batch; retries: {string.Join(", ", retries.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count()}"))}");

        Assert.InRange(failed.Count, 1, 99);
        Assert.All(retries, retry => Assert.Equal(failAfterCommit ? PostMessageOutcome.Duplicate : PostMessageOutcome.Created, retry.Outcome));
        Assert.Equal(201, stored.Count);
        Assert.Equal(201, stored.Select(message => message.Id).Distinct().Count());
    }

    [Fact]
    public async Task MessagesReactionsEditsAndReadMarkersArrivingTogetherShareTransactionsAndKeepSeqConsecutive()
    {
        var users = Enumerable.Range(0, 40).Select(i => TestData.UserId($"u{i:D2}")).ToArray();
        var chat = await Grains.CreateChatAsync(users);
        var grain = Grains.GetChat(chat.Id);
        var target = (await grain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], "target"))).Message!;
        var before = InstrumentedMessageLogStore.AppendCount(chat.Id);

        var changes = chat.UserIds.SelectMany((user, i) => new Func<Task<ChangeOutcome>>[]
        {
            async () => (await grain.PostMessageAsync(new NewMessage(null, user, $"from {i}"))).Outcome == PostMessageOutcome.Created ? ChangeOutcome.Changed : ChangeOutcome.Unchanged,
            async () => (await grain.AddReactionAsync(new ReactionChange(target.Id, user, i % 3 == 0 ? "a" : "b"))).Outcome,
            async () => (await grain.MarkReadAsync(user, target.SentAt)).Outcome,
        }).Append(async () => (await grain.UpdateMessageAsync(new MessageEdit(target.Id, chat.UserIds[0], "target, edited", null))).Outcome);
        var outcomes = await Task.WhenAll(changes.Select(change => Task.Run(change)));
        var transactions = InstrumentedMessageLogStore.AppendCount(chat.Id) - before;
        var events = (await grain.ListEventsAsync(new EventPageQuery(0, 1000))).Events;
        var listed = (await grain.ListMessagesAsync(new MessagePageQuery(null, 1000))).Messages;
        output.WriteLine($"{outcomes.Length} concurrent changes in {transactions} storage transactions");

        // Each author's own read marker already covers the target once it posted: a few MarkReads change nothing.
        var changed = outcomes.Count(outcome => outcome == ChangeOutcome.Changed);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(changed + 1, events.Count);
        Assert.Equal(41, listed.Count);
        Assert.Equal((14, 26), (listed[^1].ReactionCounts!["a"], listed[^1].ReactionCounts!["b"]));
        Assert.Equal("target, edited", listed[^1].Text);
        Assert.True(transactions < changed, $"{transactions} transactions for {changed} changes");
    }
}
