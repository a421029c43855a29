namespace Chats.Tests.MessageLog;

/// <summary>The chat's event sequence through the grains: every change an event, seq consecutive, each rule both ways.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatEventTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task EveryKindOfChangeIsOneEventWithConsecutiveSeq()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var (alice, bob) = (chat.UserIds[0], chat.UserIds[1]);
        var grain = Grains.GetChat(chat.Id);

        var first = (await grain.PostMessageAsync(new NewMessage(null, alice, "hello"))).Message!;
        var reply = (await grain.PostMessageAsync(new NewMessage("reply-1", bob, "hi", first.Id, new Dictionary<string, string> { ["url"] = "https://example.org/a.png" }))).Message!;
        var edited = await grain.UpdateMessageAsync(new MessageEdit(first.Id, alice, "hello, bob", null));
        var reacted = await grain.AddReactionAsync(new ReactionChange(first.Id, bob, "👍"));
        var read = await grain.MarkReadAsync(alice, reply.SentAt);
        var unreacted = await grain.RemoveReactionAsync(new ReactionChange(first.Id, bob, "👍"));
        var deleted = await grain.DeleteMessageAsync(new MessageDeletion(reply.Id, bob));

        var page = await grain.ListEventsAsync(new EventPageQuery(0, 100));

        Assert.Equal(
            [ChatEventType.MessageNew, ChatEventType.MessageNew, ChatEventType.MessageUpdated, ChatEventType.ReactionNew,
             ChatEventType.MessageRead, ChatEventType.ReactionDeleted, ChatEventType.MessageDeleted],
            page.Events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), page.Events.Select(e => e.Seq));
        Assert.Equal(7, page.LastSeq);
        Assert.Equal((1L, 2L), (first.Seq, reply.Seq));
        Assert.Equal(first.Id, reply.ReplyToId);
        Assert.Equal("https://example.org/a.png", reply.Metadata!["url"]);
        Assert.Equal(ChangeOutcome.Changed, edited.Outcome);
        Assert.Equal("hello, bob", edited.Message!.Text);
        Assert.NotNull(edited.Message.EditedAt);
        Assert.Equal(ChangeOutcome.Changed, reacted.Outcome);
        Assert.Equal(1, page.Events[3].Message!.ReactionCounts!["👍"]);
        Assert.Equal(new ReadMarker(chat.Id, alice, reply.SentAt), read.Read);
        Assert.Equal(ChangeOutcome.Changed, unreacted.Outcome);
        Assert.Equal(ChangeOutcome.Changed, deleted.Outcome);
        Assert.Equal((string.Empty, (IReadOnlyDictionary<string, string>?)null), (deleted.Message!.Text, deleted.Message.Metadata));
        Assert.NotNull(deleted.Message.DeletedAt);
        Assert.Equal([3L, 4L, 5L], (await grain.ListEventsAsync(new EventPageQuery(2, 3))).Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task RepeatsChangeNothingAndEmitNothing()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var (alice, bob) = (chat.UserIds[0], chat.UserIds[1]);
        var grain = Grains.GetChat(chat.Id);
        var message = (await grain.PostMessageAsync(new NewMessage("m-1", alice, "text"))).Message!;
        await grain.UpdateMessageAsync(new MessageEdit(message.Id, alice, "new text", null));
        var reaction = await grain.AddReactionAsync(new ReactionChange(message.Id, bob, "ok"));
        await grain.MarkReadAsync(bob, message.SentAt);
        var seqBefore = (await grain.ListEventsAsync(new EventPageQuery(0, 100))).LastSeq;

        var post = await grain.PostMessageAsync(new NewMessage("m-1", alice, "text"));
        var edit = await grain.UpdateMessageAsync(new MessageEdit(message.Id, alice, "new text", null));
        var react = await grain.AddReactionAsync(new ReactionChange(message.Id, bob, "ok"));
        var unreactAbsent = await grain.RemoveReactionAsync(new ReactionChange(message.Id, bob, "never"));
        var readAgain = await grain.MarkReadAsync(bob, message.SentAt);
        var readOlder = await grain.MarkReadAsync(bob, message.SentAt.AddDays(-1));
        await grain.DeleteMessageAsync(new MessageDeletion(message.Id, alice));
        var deleteAgain = await grain.DeleteMessageAsync(new MessageDeletion(message.Id, alice));
        var editDeleted = await grain.UpdateMessageAsync(new MessageEdit(message.Id, alice, "after", null));

        var events = (await grain.ListEventsAsync(new EventPageQuery(0, 100))).Events;

        Assert.Equal(PostMessageOutcome.Duplicate, post.Outcome);
        Assert.Equal(ChangeOutcome.Unchanged, edit.Outcome);
        Assert.Equal(ChangeOutcome.Unchanged, react.Outcome);
        Assert.Equal(reaction.Reaction, react.Reaction);
        Assert.Equal(ChangeOutcome.Unchanged, unreactAbsent.Outcome);
        Assert.Equal((ChangeOutcome.Unchanged, message.SentAt), (readAgain.Outcome, readAgain.Read!.LastReadAt));
        Assert.Equal((ChangeOutcome.Unchanged, message.SentAt), (readOlder.Outcome, readOlder.Read!.LastReadAt));
        Assert.Equal(ChangeOutcome.Unchanged, deleteAgain.Outcome);
        Assert.NotNull(deleteAgain.Message!.DeletedAt);
        Assert.Equal(ChangeOutcome.MessageDeleted, editDeleted.Outcome);
        Assert.Equal(seqBefore + 1, events[^1].Seq);
        Assert.Equal(ChatEventType.MessageDeleted, events[^1].Type);
    }

    [Fact]
    public async Task OnlyAuthorsEditAndDeleteTheirOwnAndOnlyMembersReactOrRead()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var (alice, bob) = (chat.UserIds[0], chat.UserIds[1]);
        var mallory = TestData.UserId("mallory");
        var grain = Grains.GetChat(chat.Id);
        var message = (await grain.PostMessageAsync(new NewMessage(null, alice, "mine"))).Message!;

        Assert.Equal(ChangeOutcome.NotAuthor, (await grain.UpdateMessageAsync(new MessageEdit(message.Id, bob, "yours?", null))).Outcome);
        Assert.Equal(ChangeOutcome.NotAuthor, (await grain.DeleteMessageAsync(new MessageDeletion(message.Id, bob))).Outcome);
        Assert.Equal(ChangeOutcome.NotAMember, (await grain.AddReactionAsync(new ReactionChange(message.Id, mallory, "x"))).Outcome);
        Assert.Equal(ChangeOutcome.NotAMember, (await grain.MarkReadAsync(mallory, message.SentAt)).Outcome);
        Assert.Equal(ChangeOutcome.MessageNotFound, (await grain.AddReactionAsync(new ReactionChange("no-such-id", bob, "x"))).Outcome);
        Assert.Equal(PostMessageOutcome.ReplyToNotFound, (await grain.PostMessageAsync(new NewMessage(null, bob, "re", "no-such-id"))).Outcome);
        Assert.True((await grain.ListEventsAsync(new EventPageQuery(0, 10, mallory))).ReaderNotAMember);
        Assert.Equal(1, (await grain.ListEventsAsync(new EventPageQuery(0, 10, bob))).LastSeq);

        // The author may; a service deletion (no user) may delete anyone's.
        Assert.Equal(ChangeOutcome.Changed, (await grain.UpdateMessageAsync(new MessageEdit(message.Id, alice, "still mine", null))).Outcome);
        var byService = await grain.DeleteMessageAsync(new MessageDeletion(message.Id, null));
        Assert.Equal(ChangeOutcome.Changed, byService.Outcome);
        Assert.Equal(alice, (await grain.ListEventsAsync(new EventPageQuery(2, 10))).Events[0].UserId);
    }

    [Fact]
    public async Task AHundredUsersReactingAtOnceGiveExactCountsAndConsecutiveSeq()
    {
        var users = Enumerable.Range(0, 100).Select(i => TestData.UserId($"u{i:D3}")).ToArray();
        var chat = await Grains.CreateChatAsync(users);
        var grain = Grains.GetChat(chat.Id);
        var message = (await grain.PostMessageAsync(new NewMessage(null, users[0], "react to me"))).Message!;

        var results = await Task.WhenAll(users.Select((user, i) =>
            grain.AddReactionAsync(new ReactionChange(message.Id, user, i % 2 == 0 ? "👍" : "🎉"))));
        var page = await grain.ListMessagesAsync(new MessagePageQuery(null, 1, users[1]));
        var events = await grain.ListEventsAsync(new EventPageQuery(0, 1000));

        Assert.All(results, result => Assert.Equal(ChangeOutcome.Changed, result.Outcome));
        Assert.Equal(50, page.Messages[0].ReactionCounts!["👍"]);
        Assert.Equal(50, page.Messages[0].ReactionCounts!["🎉"]);
        Assert.Equal(["🎉"], page.Messages[0].OwnReactions!);
        Assert.Equal(Enumerable.Range(1, 101).Select(i => (long)i), events.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task ListEventsWhileWritersCommitNeverShowsAGap()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var (alice, bob) = (chat.UserIds[0], chat.UserIds[1]);
        var grain = Grains.GetChat(chat.Id);
        var first = (await grain.PostMessageAsync(new NewMessage(null, alice, "first"))).Message!;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                _ = writer % 2 == 0
                    ? await grain.PostMessageAsync(new NewMessage(null, writer == 0 ? alice : bob, $"w{writer} {i}"))
                    : null;
                if (writer % 2 == 1)
                {
                    await grain.AddReactionAsync(new ReactionChange(first.Id, writer == 1 ? alice : bob, $"r{i % 40}"));
                }
            }
        })).ToList();

        var reads = 0;
        while (reads < 40)
        {
            var page = await grain.ListEventsAsync(new EventPageQuery(0, 1000));
            Assert.Equal(Enumerable.Range(1, page.Events.Count).Select(seq => (long)seq), page.Events.Select(e => e.Seq));
            Assert.True(page.Events.Count <= page.LastSeq);
            reads++;
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
    }

    [Fact]
    public async Task AMessageTakesAtMostFiftyReactionTypes()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var grain = Grains.GetChat(chat.Id);
        var message = (await grain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], "types"))).Message!;
        for (var i = 0; i < ChatLimits.MaxReactionTypesPerMessage; i++)
        {
            Assert.Equal(ChangeOutcome.Changed, (await grain.AddReactionAsync(new ReactionChange(message.Id, chat.UserIds[0], $"t{i}"))).Outcome);
        }

        var oneMore = await grain.AddReactionAsync(new ReactionChange(message.Id, chat.UserIds[0], "t-extra"));
        var existingTypeByOther = await grain.AddReactionAsync(new ReactionChange(message.Id, chat.UserIds[1], "t0"));

        Assert.Equal(ChangeOutcome.TooManyReactions, oneMore.Outcome);
        Assert.Equal(ChangeOutcome.Changed, existingTypeByOther.Outcome);
    }

    [Fact]
    public async Task FiftyConcurrentMarkReadsLeaveTheGreatest()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var (alice, bob) = (chat.UserIds[0], chat.UserIds[1]);
        var grain = Grains.GetChat(chat.Id);
        var sent = new List<ChatMessage>();
        for (var i = 0; i < 50; i++)
        {
            sent.Add((await grain.PostMessageAsync(new NewMessage(null, alice, $"m{i}"))).Message!);
        }

        var results = await Task.WhenAll(sent.OrderBy(_ => Random.Shared.Next()).Select(message => grain.MarkReadAsync(bob, message.SentAt)));
        var final = await grain.MarkReadAsync(bob, sent[0].SentAt);
        var list = await Grains.GetGrain<IUserChatsGrain>(bob).ListAsync(new UserChatsQuery(null, 10));

        Assert.Contains(results, result => result.Outcome == ChangeOutcome.Changed);
        Assert.Equal((ChangeOutcome.Unchanged, sent[^1].SentAt), (final.Outcome, final.Read!.LastReadAt));
        Assert.Equal(0, list.Single(item => item.Chat.Id == chat.Id).Entry!.UnreadCount);
    }

    [Fact]
    public async Task UnreadCountsCountOtherMembersMessagesAfterTheMarkerButNotDeletedOnes()
    {
        var chat = await TestData.NewChatAsync(Grains, "alice", "bob", "carol");
        var (alice, bob, carol) = (chat.UserIds[0], chat.UserIds[1], chat.UserIds[2]);
        var grain = Grains.GetChat(chat.Id);
        var fromAlice = new List<ChatMessage>();
        for (var i = 0; i < 5; i++)
        {
            fromAlice.Add((await grain.PostMessageAsync(new NewMessage(null, alice, $"a{i}"))).Message!);
        }

        await grain.MarkReadAsync(bob, fromAlice[1].SentAt);
        await grain.DeleteMessageAsync(new MessageDeletion(fromAlice[0].Id, alice)); // before bob's marker: no change for bob
        await grain.DeleteMessageAsync(new MessageDeletion(fromAlice[3].Id, alice));
        await grain.PostMessageAsync(new NewMessage(null, carol, "c0"));

        async Task<ChatListEntry> EntryOf(string user) =>
            (await Grains.GetGrain<IUserChatsGrain>(user).ListAsync(new UserChatsQuery(null, 10))).Single(item => item.Chat.Id == chat.Id).Entry!;
        var (forAlice, forBob, forCarol) = (await EntryOf(alice), await EntryOf(bob), await EntryOf(carol));

        Assert.Equal(1, forAlice.UnreadCount); // carol's c0
        Assert.Equal(3, forBob.UnreadCount); // a2, a4, c0
        Assert.Equal(0, forCarol.UnreadCount); // posting marks read
        Assert.Equal("c0", forBob.LastMessage!.Text);
        Assert.Equal(fromAlice[1].SentAt, forBob.LastReadAt);
        Assert.Equal(forBob.LastMessage.SentAt, forBob.OthersReadAt); // carol read up to her own message
    }

    [Fact]
    public async Task MessagesOlderThanTheTailCanBeEditedReactedToAndRead()
    {
        var chat = await TestData.NewChatAsync(Grains, "alice", "bob", "carol");
        var (alice, bob, carol) = (chat.UserIds[0], chat.UserIds[1], chat.UserIds[2]);
        var grain = Grains.GetChat(chat.Id);
        var clientId = (await grain.PostMessageAsync(new NewMessage("old/client#id", alice, "old one"))).Message!;
        var serverId = (await grain.PostMessageAsync(new NewMessage(null, alice, "old two"))).Message!;
        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => grain.PostMessageAsync(new NewMessage(null, bob, $"filler {i}"))));

        var edited = await grain.UpdateMessageAsync(new MessageEdit(clientId.Id, alice, "old one, edited", null));
        var reacted = await grain.AddReactionAsync(new ReactionChange(serverId.Id, bob, "👀"));
        var read = await grain.MarkReadAsync(carol, serverId.SentAt);
        var oldPage = await grain.ListMessagesAsync(new MessagePageQuery(serverId.SentAt.AddTicks(1), 2, alice));
        var list = (await Grains.GetGrain<IUserChatsGrain>(carol).ListAsync(new UserChatsQuery(null, 10))).Single(item => item.Chat.Id == chat.Id);

        Assert.Equal(ChangeOutcome.Changed, edited.Outcome);
        Assert.Equal(ChangeOutcome.Changed, reacted.Outcome);
        Assert.Equal(ChangeOutcome.Changed, read.Outcome);
        Assert.Equal(["old two", "old one, edited"], oldPage.Messages.Select(message => message.Text));
        Assert.Equal(1, oldPage.Messages[0].ReactionCounts!["👀"]);
        Assert.Null(oldPage.Messages[0].OwnReactions);
        Assert.Equal(150, list.Entry!.UnreadCount);
    }

    [Fact]
    public async Task PagingBackFromAnyInstantIsExactWhenOtherEventsSitBetweenMessages()
    {
        var chat = await TestData.NewChatAsync(Grains);
        var (alice, bob) = (chat.UserIds[0], chat.UserIds[1]);
        var grain = Grains.GetChat(chat.Id);
        var sent = new List<ChatMessage>();
        for (var i = 0; i < 40; i++)
        {
            var message = (await grain.PostMessageAsync(new NewMessage(i % 3 == 0 ? $"c/{i}" : null, i % 2 == 0 ? alice : bob, $"m{i}"))).Message!;
            sent.Add(message);
            if (i % 4 == 0)
            {
                await grain.AddReactionAsync(new ReactionChange(message.Id, alice, "+1"));
                await grain.MarkReadAsync(bob, message.SentAt);
            }
        }

        // The chat's activation keeps only the newest 10 (the test clusters' tail): most of these pages come from storage.
        var newestFirst = Enumerable.Reverse(sent).Select(message => message.Id).ToList();
        foreach (var i in new[] { 0, 1, 5, 12, 20, 29, 30, 39 })
        {
            foreach (var before in new[] { sent[i].SentAt, sent[i].SentAt.AddTicks(1) })
            {
                var page = await grain.ListMessagesAsync(new MessagePageQuery(before, 7));
                var expected = newestFirst.Where(id => sent.Single(message => message.Id == id).SentAt < before).Take(7);
                Assert.Equal(expected, page.Messages.Select(message => message.Id));
            }
        }

        var all = new List<ChatMessage>();
        DateTimeOffset? cursor = null;
        while ((await grain.ListMessagesAsync(new MessagePageQuery(cursor, 6))).Messages is { Count: > 0 } page)
        {
            all.AddRange(page);
            cursor = page[^1].SentAt;
        }

        Assert.Equal(newestFirst, all.Select(message => message.Id));
        Assert.Equal(1, all.Single(message => message.Text == "m8").ReactionCounts!["+1"]);
    }

    [Fact]
    public void ServerIdsCarryTheirSeqAndOlderOnesTheirSentAt()
    {
        var id = Chats.MessageLog.ServerMessageId.Create(123_456_789);

        Assert.True(Chats.MessageLog.ServerMessageId.TryGetSeq(id, out var seq));
        Assert.Equal(123_456_789, seq);
        Assert.True(Guid.TryParseExact(id, "D", out _));
        Assert.Equal('8', id[14]);
        Assert.False(Chats.MessageLog.ServerMessageId.TryGetSeq("8df4a08e-4f09-8c93-80f0-44c737b06c35", out _));
        Assert.True(Chats.Upgrade.PreEventMessages.TryGetSentAt("8df4a08e-4f09-8c93-80f0-44c737b06c35", out var sentAt));
        Assert.Equal(2026, sentAt.Year);
    }

    [Fact]
    public async Task EventsReactionsAndReadMarkersSurviveAFullClusterRestart()
    {
        var serviceId = $"events-{Guid.NewGuid():N}";
        var users = new[] { TestData.UserId("alice"), TestData.UserId("bob") }.Order(StringComparer.Ordinal).ToArray();
        Chat chat;
        ChatMessage message;
        var first = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            chat = await first.Client.CreateChatAsync(users);
            var grain = first.Client.GetChat(chat.Id);
            message = (await grain.PostMessageAsync(new NewMessage(null, users[0], "before"))).Message!;
            await grain.AddReactionAsync(new ReactionChange(message.Id, users[1], "❤"));
            await grain.UpdateMessageAsync(new MessageEdit(message.Id, users[0], "before, edited", new Dictionary<string, string> { ["k"] = "v" }));
            await grain.MarkReadAsync(users[1], message.SentAt);
        }
        finally
        {
            await TestClusters.StopAsync(first);
        }

        var second = await TestClusters.StartAsync(fixture.Azurite, silos: 1, serviceId: serviceId);
        try
        {
            var grain = second.Client.GetChat(chat.Id);
            var next = (await grain.PostMessageAsync(new NewMessage(null, users[0], "after"))).Message!;
            var events = await grain.ListEventsAsync(new EventPageQuery(0, 100));
            var page = await grain.ListMessagesAsync(new MessagePageQuery(null, 10, users[1]));
            var repeatRead = await grain.MarkReadAsync(users[1], message.SentAt);

            Assert.Equal(5, next.Seq);
            Assert.Equal([1L, 2, 3, 4, 5], events.Events.Select(e => e.Seq));
            Assert.Equal(("before, edited", "v"), (page.Messages[1].Text, page.Messages[1].Metadata!["k"]));
            Assert.Equal(["❤"], page.Messages[1].OwnReactions!);
            Assert.Equal(ChangeOutcome.Unchanged, repeatRead.Outcome);
        }
        finally
        {
            await TestClusters.StopAsync(second);
        }
    }
}
