using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Chats.Attachments;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Attachments;

/// <summary>
/// Attachments over real HTTP against Azurite's blob service: upload straight to storage, attach, read
/// as a member; every rule both ways (the allowed call and the refused one).
/// </summary>
[Collection(AttachmentCollection.Name)]
public sealed class AttachmentTests(AttachmentFixture fixture)
{
    private readonly AttachmentClient _client = new(fixture.Gateway.CreateClient(new() { AllowAutoRedirect = false }));

    [Fact]
    public async Task AMemberUploadsStraightToStorageAttachesAndTheOtherMemberReadsIt()
    {
        var (chatId, alice, bob) = await _client.NewChatAsync();
        var png = AttachmentClient.Png(3, 2);
        var text = Encoding.UTF8.GetBytes("the minutes");
        var photo = await _client.UploadAsync(chatId, alice, "holiday.png", "image/png", png);
        var notes = await _client.UploadAsync(chatId, alice, "minutes <final>.txt", "text/plain", text);

        var posted = await _client.PostMessageAsync(chatId, alice, [photo.Id, notes.Id]);
        var page = await _client.OkAsync("ListMessages", new { chat_id = chatId });
        var events = await _client.OkAsync("ListEvents", new { chat_id = chatId, after_seq = 0 });
        var photoLink = await _client.GetAttachmentAsync(chatId, photo.Id, bob);
        var notesLink = await _client.GetAttachmentAsync(chatId, notes.Id, bob);
        var photoRead = await AttachmentClient.ReadAsync(photoLink.Location!);
        var notesRead = await AttachmentClient.ReadAsync(notesLink.Location!);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var attachments = posted.Body.GetProperty("message").GetProperty("attachments");
        Assert.Equal(["content_type", "file_name", "height", "id", "size", "width"], Names(attachments[0]));
        Assert.Equal((photo.Id, "holiday.png", "image/png", png.Length, 3, 2), (attachments[0].GetProperty("id").GetString(), attachments[0].GetProperty("file_name").GetString(),
            attachments[0].GetProperty("content_type").GetString(), attachments[0].GetProperty("size").GetInt32(), attachments[0].GetProperty("width").GetInt32(), attachments[0].GetProperty("height").GetInt32()));
        Assert.Equal(["content_type", "file_name", "id", "size"], Names(attachments[1]));
        Assert.Equal(attachments.ToString(), page.GetProperty("messages")[0].GetProperty("attachments").ToString());
        Assert.Equal(attachments.ToString(), events.GetProperty("events")[0].GetProperty("message").GetProperty("attachments").ToString());
        Assert.Equal(HttpStatusCode.Redirect, photoLink.Status);
        Assert.StartsWith($"http://127.0.0.1:{fixture.Azurite.BlobPort}/", photoLink.Location);
        Assert.Equal((HttpStatusCode.OK, "image/png"), (photoRead.Status, photoRead.ContentType));
        Assert.Equal(png, photoRead.Body);
        Assert.StartsWith("inline", photoRead.Disposition);
        Assert.Equal((HttpStatusCode.OK, "text/plain"), (notesRead.Status, notesRead.ContentType));
        Assert.Equal(text, notesRead.Body);
        Assert.StartsWith("attachment; filename=\"minutes <final>.txt\"", notesRead.Disposition);
    }

    [Fact]
    public async Task ANonMemberCanNeitherCreateAnUploadNorReadAnAttachment()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var carol = TestData.UserId("carol");
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", AttachmentClient.Png(1, 1));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostMessageAsync(chatId, alice, [upload.Id])).Status);

        var carolsUpload = await _client.CreateUploadAsync(chatId, carol, "b.png", "image/png", 10);
        var carolsRead = await _client.GetAttachmentAsync(chatId, upload.Id, carol);
        var alicesRead = await _client.GetAttachmentAsync(chatId, upload.Id, alice);

        AssertMicroError(HttpStatusCode.Forbidden, "NOT_A_MEMBER", carolsUpload);
        Assert.Equal(HttpStatusCode.Forbidden, carolsRead.Status);
        Assert.Contains("NOT_A_MEMBER", carolsRead.Body);
        Assert.Equal(HttpStatusCode.Redirect, alicesRead.Status);
    }

    [Fact]
    public async Task AnUploadIsAttachedOnlyByItsAuthorToItsChatAndToOneMessage()
    {
        var (chatId, alice, bob) = await _client.NewChatAsync();
        var other = await _client.OkAsync("CreateChat", new { user_ids = new[] { alice, TestData.UserId("dave") } });
        var otherChatId = other.GetProperty("chat").GetProperty("id").GetString()!;
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", AttachmentClient.Png(2, 2));

        var byBob = await _client.PostMessageAsync(chatId, bob, [upload.Id]);
        var toOtherChat = await _client.PostMessageAsync(otherChatId, alice, [upload.Id]);
        var unknown = await _client.PostMessageAsync(chatId, alice, ["0123456789abcdef0123456789abcdef"]);
        var byAlice = await _client.PostMessageAsync(chatId, alice, [upload.Id]);
        var again = await _client.PostMessageAsync(chatId, alice, [upload.Id]);

        AssertMicroError(HttpStatusCode.BadRequest, "ATTACHMENT_REFUSED", byBob);
        AssertMicroError(HttpStatusCode.BadRequest, "ATTACHMENT_REFUSED", toOtherChat);
        AssertMicroError(HttpStatusCode.BadRequest, "ATTACHMENT_REFUSED", unknown);
        Assert.Equal(HttpStatusCode.OK, byAlice.Status);
        AssertMicroError(HttpStatusCode.BadRequest, "ATTACHMENT_REFUSED", again);
        Assert.Contains("already attached", again.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AFileThatDiffersFromWhatWasDeclaredIsRefusedAtAttach()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var png = AttachmentClient.Png(4, 4);

        var shorter = await DeclareAndPutAsync(chatId, alice, "image/png", declaredSize: png.Length + 1, png, "image/png");
        var otherType = await DeclareAndPutAsync(chatId, alice, "image/png", png.Length, png, "text/plain");
        var notAnImage = await DeclareAndPutAsync(chatId, alice, "image/png", 64, new byte[64], "image/png");
        var notUploaded = (await _client.CreateUploadAsync(chatId, alice, "a.png", "image/png", png.Length)).Body.GetProperty("upload").GetProperty("id").GetString()!;
        var matching = await DeclareAndPutAsync(chatId, alice, "image/png", png.Length, png, "image/png");

        foreach (var (id, problem) in new[] { (shorter, "declared"), (otherType, "declared image/png"), (notAnImage, "not a image/png image"), (notUploaded, "nothing was uploaded") })
        {
            var refused = await _client.PostMessageAsync(chatId, alice, [id]);
            AssertMicroError(HttpStatusCode.BadRequest, "ATTACHMENT_REFUSED", refused);
            Assert.Contains(problem, refused.Body.GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.PostMessageAsync(chatId, alice, [matching])).Status);
    }

    [Fact]
    public async Task CreateUploadRefusesSizesAndTypesOutsideTheLimits()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();

        var empty = await _client.CreateUploadAsync(chatId, alice, "a.txt", "text/plain", 0);
        var tooLarge = await _client.CreateUploadAsync(chatId, alice, "a.txt", "text/plain", 1048577);
        var html = await _client.CreateUploadAsync(chatId, alice, "a.html", "text/html", 10);
        var svg = await _client.CreateUploadAsync(chatId, alice, "a.svg", "image/svg+xml", 10);
        var largest = await _client.CreateUploadAsync(chatId, alice, "a.pdf", "application/pdf", 1048576);

        foreach (var refused in new[] { empty, tooLarge, html, svg })
        {
            AssertMicroError(HttpStatusCode.BadRequest, "UPLOAD_REFUSED", refused);
        }

        Assert.Equal(HttpStatusCode.OK, largest.Status);
        Assert.Equal(1048576, largest.Body.GetProperty("upload").GetProperty("max_size").GetInt64());
    }

    [Fact]
    public async Task AnUploadUrlCreatesItsBlobOnceAndExpires()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var png = AttachmentClient.Png(1, 1);
        var late = (await _client.CreateUploadAsync(chatId, alice, "late.png", "image/png", png.Length)).Body.GetProperty("upload");
        var expiresAt = late.GetProperty("expires_at").GetDateTimeOffset();
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", png);

        var overwrite = await AttachmentClient.PutAsync(upload.Url, AttachmentClient.Png(9, 9), "image/png");
        var read = await AttachmentClient.ReadAsync(upload.Url);
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var expired = await AttachmentClient.PutAsync(late.GetProperty("url").GetString()!, png, "image/png");

        Assert.Equal(HttpStatusCode.Forbidden, overwrite);
        Assert.Equal(HttpStatusCode.Forbidden, read.Status);
        Assert.Equal(HttpStatusCode.Forbidden, expired);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-10), AttachmentFixture.UploadUrlLifetime);
    }

    [Fact]
    public async Task ARemovedMemberCanNoLongerReadTheChatsAttachments()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var group = await _client.OkAsync("CreateChat", new { user_ids = new[] { alice, bob }, distinct = false, owner_id = alice });
        var chatId = group.GetProperty("chat").GetProperty("id").GetString()!;
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", AttachmentClient.Png(1, 1));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostMessageAsync(chatId, alice, [upload.Id])).Status);

        var whileMember = await _client.GetAttachmentAsync(chatId, upload.Id, bob);
        await _client.OkAsync("RemoveMembers", new { chat_id = chatId, user_ids = new[] { bob } });
        var afterRemoval = await _client.GetAttachmentAsync(chatId, upload.Id, bob);

        Assert.Equal(HttpStatusCode.Redirect, whileMember.Status);
        Assert.Equal(HttpStatusCode.Forbidden, afterRemoval.Status);
    }

    [Fact]
    public async Task DeletingAMessageDeletesItsFiles()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var png = AttachmentClient.Png(2, 1);
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", png);
        var message = (await _client.PostMessageAsync(chatId, alice, [upload.Id])).Body.GetProperty("message");
        var link = await _client.GetAttachmentAsync(chatId, upload.Id, alice);
        var before = await AttachmentClient.ReadAsync(link.Location!);

        var tombstone = await _client.OkAsync("DeleteMessage", new { chat_id = chatId, id = message.GetProperty("id").GetString() });
        var gone = await Eventually.ReturnsAsync(() => AttachmentClient.ReadAsync(link.Location!), read => read.Status == HttpStatusCode.NotFound);
        var afterDeletion = await _client.GetAttachmentAsync(chatId, upload.Id, alice);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.False(tombstone.GetProperty("message").TryGetProperty("attachments", out _));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(HttpStatusCode.NotFound, afterDeletion.Status);
        Assert.Contains("ATTACHMENT_NOT_FOUND", afterDeletion.Body);
    }

    [Fact]
    public async Task AnUploadNeverAttachedIsDeletedWithItsFile()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", AttachmentClient.Png(1, 1));
        var kept = await _client.UploadAsync(chatId, alice, "b.png", "image/png", AttachmentClient.Png(1, 1));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostMessageAsync(chatId, alice, [kept.Id])).Status);

        // The sweep runs when the fixture's unattached lifetime has passed since the upload.
        var container = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient("chats-attachments");
        var exists = await Eventually.ReturnsAsync(async () => (bool)await container.GetBlobClient("default/" + upload.Id).ExistsAsync(), exists => !exists,
            AttachmentFixture.UnattachedLifetime + TimeSpan.FromSeconds(60));
        var refused = await _client.PostMessageAsync(chatId, alice, [upload.Id]);
        var keptRead = await _client.GetAttachmentAsync(chatId, kept.Id, alice);

        Assert.False(exists);
        Assert.Contains("no upload of yours", refused.Body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Redirect, keptRead.Status);
        Assert.Equal(HttpStatusCode.OK, (await AttachmentClient.ReadAsync(keptRead.Location!)).Status);
    }

    [Fact]
    public async Task ATenantsStorageUseIsInTheSilosMetrics()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var png = AttachmentClient.Png(20, 20);
        var usage = fixture.Client.GetGrain<IAttachmentUsageGrain>(IAttachmentUsageGrain.KeyOf(TenantKeys.DefaultTenant));
        var (filesBefore, _) = await usage.GetAsync();
        var before = StoredBytes();
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", png);
        var message = (await _client.PostMessageAsync(chatId, alice, [upload.Id])).Body.GetProperty("message");

        var attached = await Eventually.ReturnsAsync(() => Task.FromResult(StoredBytes()), stored => stored != before);
        await _client.OkAsync("DeleteMessage", new { chat_id = chatId, id = message.GetProperty("id").GetString() });
        var deleted = await Eventually.ReturnsAsync(() => Task.FromResult(StoredBytes()), stored => stored != attached);

        Assert.Equal(before + png.Length, attached);
        Assert.Equal(before, deleted);
        Assert.Equal(filesBefore, (await usage.GetAsync()).Files);
    }

    // chats_attachments_stored_bytes of the default tenant, as the silos (in this process) report it.
    private static long StoredBytes()
    {
        long stored = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Name == "chats.attachments.stored_bytes")
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant" && (string?)tag.Value == "default")
                {
                    stored += value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return stored;
    }

    [Fact]
    public async Task AMessageWithAttachmentsIsIdempotentByClientId()
    {
        var (chatId, alice, _) = await _client.NewChatAsync();
        var upload = await _client.UploadAsync(chatId, alice, "a.png", "image/png", AttachmentClient.Png(1, 1));
        var clientId = Guid.NewGuid().ToString();

        var first = await _client.PostMessageAsync(chatId, alice, [upload.Id], clientId);
        var repeat = await _client.PostMessageAsync(chatId, alice, [upload.Id], clientId);
        var page = await _client.OkAsync("ListMessages", new { chat_id = chatId });

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, repeat.Status);
        Assert.Equal(first.Body.ToString(), repeat.Body.ToString());
        Assert.Single(page.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task ASiloKilledBetweenUploadAndAttachLosesNothing()
    {
        var chats = new List<(string ChatId, string Alice, string Bob, string UploadId, byte[] Png)>();
        for (var i = 0; i < 6; i++)
        {
            var (chatId, alice, bob) = await _client.NewChatAsync();
            var png = AttachmentClient.Png(i + 1, 1);
            chats.Add((chatId, alice, bob, (await _client.UploadAsync(chatId, alice, $"{i}.png", "image/png", png)).Id, png));
        }

        await fixture.Cluster.KillSiloAsync(fixture.Cluster.SecondarySilos[0], TestContext.Current.CancellationToken);
        try
        {
            foreach (var chat in chats)
            {
                var posted = await Eventually.ReturnsAsync(() => _client.PostMessageAsync(chat.ChatId, chat.Alice, [chat.UploadId], chat.UploadId),
                    reply => reply.Status != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
                Assert.True(posted.Status == HttpStatusCode.OK, $"{posted.Status} {posted.Body}");
                var link = await _client.GetAttachmentAsync(chat.ChatId, chat.UploadId, chat.Bob);
                Assert.Equal(chat.Png, (await AttachmentClient.ReadAsync(link.Location!)).Body);
            }
        }
        finally
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }

    private async Task<string> DeclareAndPutAsync(string chatId, string userId, string declaredType, long declaredSize, byte[] bytes, string sentType)
    {
        var upload = (await _client.CreateUploadAsync(chatId, userId, "a.png", declaredType, declaredSize)).Body.GetProperty("upload");
        Assert.Equal(HttpStatusCode.Created, await AttachmentClient.PutAsync(upload.GetProperty("url").GetString()!, bytes, sentType));
        return upload.GetProperty("id").GetString()!;
    }
}
