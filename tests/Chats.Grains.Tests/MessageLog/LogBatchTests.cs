using Chats.MessageLog;

namespace Chats.Tests.MessageLog;

/// <summary>The group-commit planner alone: each change kind, mixed batches, and repeats that change nothing.</summary>
public sealed class LogBatchTests
{
    private const string ChatKey = "chat";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ANewMessageTakesTheNextSeqAndOrdinalAndMovesItsAuthorsMarker()
    {
        var batch = Batch(Tail(Message("m1", "alice", seq: 4, ordinal: 3)), Header(lastSeq: 4, messageCount: 3));
        var pending = new PendingMessage(new NewMessage("m2", "bob", "hi"));

        batch.Plan(pending, 0);

        var write = Assert.IsType<LogWrite.NewMessage>(Assert.Single(batch.Writes));
        Assert.True(write.ClientSuppliedId);
        Assert.Equal((5L, 4L), (write.Message.Seq, write.Message.Ordinal));
        Assert.Equal(ChatEventType.MessageNew, Assert.Single(batch.Events).Type);
        Assert.Equal(PostMessageOutcome.Created, pending.Outcome!.Outcome);
        Assert.Equal((5L, 4L), (batch.Header.LastSeq, batch.Header.MessageCount));
        Assert.Equal(4L, batch.Header.Reads["bob"].Ordinal);
    }

    [Fact]
    public void AMessageWithoutAnIdGetsAServerIdThatCarriesItsSeq()
    {
        var batch = Batch(Tail(), LogHeader.Empty);
        var pending = new PendingMessage(new NewMessage(null, "alice", "hi"));

        batch.Plan(pending, 0);

        var write = Assert.IsType<LogWrite.NewMessage>(Assert.Single(batch.Writes));
        Assert.False(write.ClientSuppliedId);
        Assert.True(ServerMessageId.TryGetSeq(write.Message.Id, out var seq));
        Assert.Equal(1L, seq);
    }

    [Fact]
    public void SentAtStaysStrictlyIncreasingWhenTheClockIsBehindTheLastWriter()
    {
        var later = Now.AddSeconds(5);
        var batch = Batch(Tail(Message("m1", "alice", seq: 1, ordinal: 1, sentAt: later)), Header(lastSeq: 1, messageCount: 1, lastSentAt: later));
        var first = new PendingMessage(new NewMessage("a", "alice", "one"));
        var second = new PendingMessage(new NewMessage("b", "alice", "two"));

        batch.Plan(first, 0);
        batch.Plan(second, 1);

        Assert.Equal(later.AddTicks(1), first.Outcome!.Message!.SentAt);
        Assert.Equal(later.AddTicks(2), second.Outcome!.Message!.SentAt);
    }

    [Fact]
    public void AReplyToAMissingMessageStoresNothing()
    {
        var batch = Batch(Tail(), LogHeader.Empty);
        var pending = new PendingMessage(new NewMessage("m", "alice", "re", ReplyToId: "nowhere"));

        batch.Plan(pending, 0);

        Assert.Equal(PostMessageOutcome.ReplyToNotFound, pending.Outcome!.Outcome);
        Assert.Empty(batch.Writes);
        Assert.Empty(batch.Events);
    }

    [Fact]
    public void AnEditByItsAuthorRewritesTheRowAndEmitsOneEvent()
    {
        var batch = Batch(Tail(Message("m1", "alice", seq: 1, ordinal: 1)), Header(lastSeq: 1, messageCount: 1));
        var edit = new PendingEdit(new MessageEdit("m1", "alice", "new text", null));

        batch.Plan(edit, 0);

        Assert.Equal(ChangeOutcome.Changed, edit.Outcome!.Outcome);
        Assert.Equal("new text", Assert.Single(batch.ChangedBefore).Text);
        Assert.Collection(batch.Writes, write => Assert.IsType<LogWrite.ChangedMessage>(write), write => Assert.IsType<LogWrite.Event>(write));
        Assert.Equal((ChatEventType.MessageUpdated, 2L), (Assert.Single(batch.Events).Type, batch.Header.LastSeq));
    }

    [Fact]
    public void AnEditByAnotherUserOrToTheSameTextChangesNothing()
    {
        var batch = Batch(Tail(Message("m1", "alice", seq: 1, ordinal: 1)), Header(lastSeq: 1, messageCount: 1));
        var byBob = new PendingEdit(new MessageEdit("m1", "bob", "mine now", null));
        var same = new PendingEdit(new MessageEdit("m1", "alice", "text", null));

        batch.Plan(byBob, 0);
        batch.Plan(same, 1);

        Assert.Equal(ChangeOutcome.NotAuthor, byBob.Outcome!.Outcome);
        Assert.Equal(ChangeOutcome.Unchanged, same.Outcome!.Outcome);
        Assert.Empty(batch.Writes);
        Assert.Equal(1L, batch.Header.LastSeq);
    }

    [Fact]
    public void ADeletionLeavesATombstoneAndCountsItsOrdinalOnce()
    {
        var batch = Batch(Tail(Message("m1", "alice", seq: 1, ordinal: 1), Message("m2", "bob", seq: 2, ordinal: 2)), Header(lastSeq: 2, messageCount: 2));
        var first = new PendingDeletion(new MessageDeletion("m1", "alice"));
        var repeat = new PendingDeletion(new MessageDeletion("m1", "alice"));

        batch.Plan(first, 0);
        batch.Plan(repeat, 1);

        Assert.Equal((ChangeOutcome.Changed, ChangeOutcome.Unchanged), (first.Outcome!.Outcome, repeat.Outcome!.Outcome));
        var tombstone = Assert.Single(batch.ChangedBefore);
        Assert.True(tombstone.IsDeleted);
        Assert.Equal(string.Empty, tombstone.Text);
        Assert.Equal(new[] { 1L }, batch.Header.DeletedOrdinals);
        Assert.Equal(ChatEventType.MessageDeleted, Assert.Single(batch.Events).Type);
    }

    [Fact]
    public void AReactionIsAddedOnceAndRemovingAnAbsentOneChangesNothing()
    {
        var batch = Batch(Tail(Message("m1", "alice", seq: 1, ordinal: 1)), Header(lastSeq: 1, messageCount: 1));
        var add = new PendingReaction(new ReactionChange("m1", "bob", "like"), add: true);
        var again = new PendingReaction(new ReactionChange("m1", "bob", "like"), add: true);
        var removeAbsent = new PendingReaction(new ReactionChange("m1", "alice", "like"), add: false);

        batch.Plan(add, 0);
        batch.Plan(again, 1);
        batch.Plan(removeAbsent, 2);

        Assert.Equal(new[] { ChangeOutcome.Changed, ChangeOutcome.Unchanged, ChangeOutcome.Unchanged },
            new[] { add, again, removeAbsent }.Select(change => change.Outcome!.Outcome));
        Assert.Equal(add.Outcome!.Reaction, again.Outcome!.Reaction);
        Assert.Equal(ChatEventType.ReactionNew, Assert.Single(batch.Events).Type);
        Assert.Equal("bob", Assert.Single(Assert.Single(batch.ChangedBefore).Reactions!).UserId);
    }

    [Fact]
    public void AReadMarkerMovesForwardOnlyAndNeverPastTheNewestMessage()
    {
        var newest = Now.AddSeconds(-1);
        var batch = Batch(Tail(Message("m1", "alice", seq: 1, ordinal: 1, sentAt: newest.AddSeconds(-1)), Message("m2", "alice", seq: 2, ordinal: 2, sentAt: newest)),
            Header(lastSeq: 2, messageCount: 2, lastSentAt: newest));
        var pastTheEnd = new PendingRead("bob", Now.AddHours(1));
        var backwards = new PendingRead("bob", newest.AddSeconds(-1));

        batch.Plan(pastTheEnd, 0);
        batch.Plan(backwards, 1);

        Assert.Equal(newest, pastTheEnd.Outcome!.Read!.LastReadAt);
        Assert.Equal(ChangeOutcome.Unchanged, backwards.Outcome!.Outcome);
        Assert.Equal(new ReadState(newest, 2), batch.Header.Reads["bob"]);
        Assert.Equal(ChatEventType.MessageRead, Assert.Single(batch.Events).Type);
    }

    [Fact]
    public void AMixedBatchNumbersItsEventsConsecutivelyAndShowsEachMessageAsItEnds()
    {
        var batch = Batch(Tail(Message("m1", "alice", seq: 7, ordinal: 5)), Header(lastSeq: 7, messageCount: 5));
        var post = new PendingMessage(new NewMessage("m2", "bob", "first draft"));
        var edit = new PendingEdit(new MessageEdit("m2", "bob", "final", null));
        var react = new PendingReaction(new ReactionChange("m1", "bob", "like"), add: true);
        var read = new PendingRead("alice", Now);

        batch.Plan(post, 0);
        batch.Plan(edit, 1);
        batch.Plan(react, 2);
        batch.Plan(read, 3);

        Assert.Equal(new[] { 8L, 9L, 10L, 11L }, batch.Events.Select(chatEvent => chatEvent.Seq));
        Assert.Equal("final", Assert.Single(batch.Created).Text);
        Assert.Equal("m1", Assert.Single(batch.ChangedBefore).Id);
        Assert.Equal(new[] { 0, 1, 1, 2, 2, 3 }, batch.Writes.Select(write => write.Owner));
        Assert.Equal(new ReadState(post.Outcome!.Message!.SentAt, 6), batch.Header.Reads["alice"]);
    }

    [Fact]
    public void AMessageOlderThanAnIncompleteTailMustBeFetchedFirst()
    {
        var batch = new LogBatch(ChatKey, Now, Header(lastSeq: 200, messageCount: 200), Members, Tail(Message("m200", "alice", seq: 200, ordinal: 200)), tailIsComplete: false);
        var complete = new LogBatch(ChatKey, Now, Header(lastSeq: 1, messageCount: 1), Members, Tail(Message("m1", "alice", seq: 1, ordinal: 1)), tailIsComplete: true);

        Assert.True(batch.NeedsFetch("m3"));
        Assert.False(batch.NeedsFetch("m200"));
        Assert.False(complete.NeedsFetch("m3"));

        batch.Fetched["m3"] = Message("m3", "bob", seq: 3, ordinal: 3);
        var edit = new PendingEdit(new MessageEdit("m3", "bob", "edited", null));
        batch.Plan(edit, 0);

        Assert.False(batch.NeedsFetch("m3"));
        Assert.Equal(ChangeOutcome.Changed, edit.Outcome!.Outcome);
    }

    private static readonly Chats.Members.ChatRoster Members = Chats.Members.ChatRoster.Fixed(["alice", "bob"], DateTimeOffset.UnixEpoch);

    private static LogBatch Batch(MessageTail tail, LogHeader header) => new(ChatKey, Now, header, Members, tail, tailIsComplete: true);

    private static MessageTail Tail(params StoredMessage[] messages)
    {
        var tail = new MessageTail(100);
        foreach (var message in messages)
        {
            tail.Add(message);
        }

        return tail;
    }

    private static StoredMessage Message(string id, string author, long seq, long ordinal, DateTimeOffset? sentAt = null) =>
        new(id, author, "text", sentAt ?? Now.AddMinutes(-10).AddSeconds(seq), seq, ordinal);

    private static LogHeader Header(long lastSeq, long messageCount, DateTimeOffset? lastSentAt = null) =>
        LogHeader.Empty with { LastSeq = lastSeq, MessageCount = messageCount, LastSentAt = lastSentAt ?? Now.AddMinutes(-10).AddSeconds(lastSeq) };
}
