using System.Net;
using System.Text.Json;
using Chats.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Chats.Tests.Upgrade;

/// <summary>
/// A store written by the releases on Chats' own table grain storage (with single-state chat lists
/// from the older one) serves everything it acknowledged after the upgrade, over HTTP.
/// </summary>
public sealed class UpgradeFromOwnGrainStorageTests(UpgradeFixture fixture) : IClassFixture<UpgradeFixture>
{
    [Fact]
    public async Task EveryChatKeepsItsIdAndMembersForTheSameUsers()
    {
        foreach (var chat in fixture.Chats)
        {
            var reply = await HttpApi.PostAsync(fixture.ClientOf(chat.Tenant), "/v1/chats/CreateChat", new { user_ids = chat.UserIds.Reverse() });

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(chat.Id, reply.Body.GetProperty("chat").GetProperty("id").GetString());
            Assert.Equal(chat.UserIds, reply.Body.GetProperty("chat").GetProperty("user_ids").EnumerateArray().Select(id => id.GetString()));
        }
    }

    [Fact]
    public async Task EveryAcknowledgedMessageIsListedInOrder()
    {
        Assert.Equal(93, fixture.Chats.Sum(chat => chat.Messages.Count));
        foreach (var chat in fixture.Chats)
        {
            var listed = await ListAsync(chat);

            Assert.Equal(chat.Messages, listed);
        }
    }

    [Fact]
    public async Task ARepeatedClientIdReturnsTheStoredMessageAndStoresNothing()
    {
        var repeated = 0;
        foreach (var chat in fixture.Chats.Where(chat => chat.Messages.Any(message => message.ClientId)))
        {
            var original = chat.Messages.First(message => message.ClientId);
            var reply = await HttpApi.PostAsync(fixture.ClientOf(chat.Tenant), "/v1/chats/CreateMessage",
                new { id = original.Id, chat_id = chat.Id, author_id = original.AuthorId, text = "a retry" });

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(original, ToMessage(reply.Body.GetProperty("message")));
            Assert.Equal(chat.Messages, await ListAsync(chat));
            repeated++;
        }

        Assert.Equal(3, repeated);
    }

    [Fact]
    public async Task ListChatsListsEveryChatOfEveryMember()
    {
        foreach (var chat in fixture.Chats)
        {
            foreach (var user in chat.UserIds)
            {
                var reply = await HttpApi.PostAsync(fixture.ClientOf(chat.Tenant), "/v1/chats/ListChats", new { user_id = user, limit = 100 });

                Assert.Equal(HttpStatusCode.OK, reply.Status);
                var listed = reply.Body.GetProperty("chats").EnumerateArray().Select(listedChat => listedChat.GetProperty("id").GetString()).ToList();
                Assert.Contains(chat.Id, listed);
                Assert.Equal(fixture.Chats.Count(other => other.Tenant == chat.Tenant && other.UserIds.Contains(user)), listed.Count);
            }
        }
    }

    [Fact]
    public async Task ListChatsShowsEachChatsNewestMessageAndMessagesFromBeforeEventsHaveNoSeq()
    {
        foreach (var chat in fixture.Chats.Where(chat => chat.Messages.Count > 0))
        {
            var user = chat.UserIds[0];
            var reply = await HttpApi.PostAsync(fixture.ClientOf(chat.Tenant), "/v1/chats/ListChats", new { user_id = user, limit = 100 });
            var listed = reply.Body.GetProperty("chats").EnumerateArray().Single(item => item.GetProperty("id").GetString() == chat.Id);
            var newest = chat.Messages.MaxBy(message => DateTimeOffset.Parse(message.SentAt, System.Globalization.CultureInfo.InvariantCulture))!;

            Assert.Equal(newest.Id, listed.GetProperty("last_message").GetProperty("id").GetString());
            Assert.False(listed.GetProperty("last_message").TryGetProperty("seq", out _));
            Assert.Equal(0, listed.GetProperty("unread_count").GetInt32());
        }
    }

    [Fact]
    public async Task NoGrainStateOfTheOldLayoutIsLeftAndTheMoveIsMarkedDone()
    {
        var silo = fixture.Cluster.GetSiloServiceProvider();
        var table = silo.GetRequiredService<ChatsTableClients>().Service.GetTableClient(silo.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatsStorageOptions>>().Value.GrainStateTableName);

        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        Assert.DoesNotContain(rows, row => row.ContainsKey("GrainId"));
        Assert.Contains(rows, row => row.PartitionKey == "chats-migrations");
        Assert.Contains(rows, row => row.PartitionKey.StartsWith("chats_chat_", StringComparison.Ordinal));
    }

    private async Task<List<FixtureMessage>> ListAsync(FixtureChat chat)
    {
        var reply = await HttpApi.PostAsync(fixture.ClientOf(chat.Tenant), "/v1/chats/ListMessages", new { chat_id = chat.Id, limit = 1000 });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Body.GetProperty("messages").EnumerateArray().Reverse().Select(ToMessage)];
    }

    private FixtureMessage ToMessage(JsonElement message)
    {
        var id = message.GetProperty("id").GetString()!;
        var clientId = fixture.Chats.SelectMany(chat => chat.Messages).FirstOrDefault(known => known.Id == id)?.ClientId ?? false;
        return new FixtureMessage(id, message.GetProperty("author_id").GetString()!, message.GetProperty("text").GetString()!,
            message.GetProperty("sent_at").GetString()!, clientId);
    }
}
