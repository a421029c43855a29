using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.Attachments;

/// <summary>
/// One upload: created with a URL that can create its blob once; claimed by one message after the
/// file is checked against what was declared; confirmed once that message is stored. A reminder set at
/// creation sweeps it: an upload no stored message holds is deleted with its file after
/// <see cref="ChatsAttachmentOptions.UnattachedLifetime"/>.
/// </summary>
internal sealed partial class UploadGrain(
    [PersistentState("upload", GrainStorageNames.Chats)] IPersistentState<UploadState> state,
    AttachmentBlobs blobs,
    TimeProvider time,
    ILogger<UploadGrain> logger) : Grain, IUploadGrain, IRemindable
{
    private const string SweepReminder = "sweep";
    private static readonly TimeSpan SweepRetryPeriod = TimeSpan.FromHours(1);

    // Where a message that claimed the upload but was never confirmed is looked for.
    private const int SweepEventWindow = 1000;

    // The same refusal whether the upload never existed, is another's or another chat's, or expired: nothing about others' uploads leaks.
    private const string Unknown = "no upload of yours to this chat has this id (or it expired)";

    // A claim this recent may belong to a commit still under way: the sweep looks again at its next tick.
    private static readonly TimeSpan ClaimSettleTime = TimeSpan.FromMinutes(5);

    private string BlobName => Uploads.BlobName(this.GetPrimaryKeyString());

    private string Id => TenantKeys.Unscope(this.GetPrimaryKeyString());

    public async Task<Upload> CreateAsync(string chatKey, UploadDraft draft)
    {
        if (state.RecordExists)
        {
            throw new InvalidOperationException($"Upload {this.GetPrimaryKeyString()} exists already.");
        }

        var now = time.GetUtcNow();
        var expiresAt = now + blobs.Options.UploadUrlLifetime;
        var url = await blobs.UploadUrlAsync(BlobName, expiresAt);

        // The sweep first: once the client holds the URL, a file may exist that only the sweep would delete.
        await this.RegisterOrUpdateReminder(SweepReminder, blobs.Options.UnattachedLifetime, SweepRetryPeriod);
        state.State = new UploadState
        {
            ChatKey = chatKey, AuthorId = draft.UserId, FileName = draft.FileName, ContentType = draft.ContentType, Size = draft.Size, CreatedAt = now,
        };
        await state.WriteStateAsync();
        AttachmentMetrics.RecordUpload("created");
        return new Upload(Id, url.ToString(), expiresAt, blobs.Options.MaxFileSize);
    }

    public async Task<AttachmentClaim> ClaimAsync(string chatKey, string authorId, string token, long lastSeq)
    {
        var upload = state.State;
        if (!state.RecordExists || upload.ChatKey != chatKey || upload.AuthorId != authorId)
        {
            return Refused($"{Id}: {Unknown}");
        }

        if (upload.ClaimToken is { } claimed)
        {
            return claimed == token ? new AttachmentClaim(upload.Attachment) : Refused($"{Id}: already attached to another message");
        }

        var now = time.GetUtcNow();
        if (now - upload.CreatedAt > blobs.Options.UnattachedLifetime)
        {
            return Refused($"{Id}: {Unknown}");
        }

        if (await blobs.InspectAsync(BlobName) is not { } file)
        {
            return Refused($"{Id}: nothing was uploaded (PUT the file to the upload's url first)");
        }

        if (file.Size != upload.Size)
        {
            return Refused($"{Id}: {file.Size} bytes were uploaded, {upload.Size} declared");
        }

        var declared = AttachmentContentTypes.MediaType(upload.ContentType)!;
        if (AttachmentContentTypes.MediaType(file.ContentType) != declared)
        {
            return Refused($"{Id}: uploaded as {file.ContentType ?? "no content type"}, declared {declared} (PUT it with Content-Type: {declared})");
        }

        var attachment = new MessageAttachment(Id, upload.FileName, declared, upload.Size);
        if (AttachmentContentTypes.IsImage(declared))
        {
            if (await blobs.ImageSizeAsync(BlobName, declared) is not { } size)
            {
                return Refused($"{Id}: the file is not a {declared} image");
            }

            attachment = attachment with { Width = size.Width, Height = size.Height };
        }

        await blobs.SealAsync(BlobName, attachment);
        upload.ClaimToken = token;
        upload.ClaimedAt = now;
        upload.ClaimedAfterSeq = lastSeq;
        upload.Attachment = attachment;
        await state.WriteStateAsync();
        return new AttachmentClaim(attachment);
    }

    public async Task ConfirmAsync(string token)
    {
        if (state.RecordExists && state.State.ClaimToken == token && !state.State.Confirmed)
        {
            state.State.Confirmed = true;
            await state.WriteStateAsync();
            await ForgetSweepAsync();
            AttachmentMetrics.RecordUpload("attached");
            AttachmentMetrics.RecordBytes(Tenant, "attached", state.State.Size);
            _ = Usage.AddAsync(1, state.State.Size);
        }
    }

    public async Task ReleaseAsync(string token)
    {
        if (state.RecordExists && state.State.ClaimToken == token && !state.State.Confirmed)
        {
            state.State.ClaimToken = null;
            state.State.Attachment = null;
            await state.WriteStateAsync();
        }
    }

    public Task<AttachmentAccess> OpenAsync(string chatKey)
    {
        var upload = state.State;
        if (!state.RecordExists || upload.ChatKey != chatKey || upload.ClaimToken is null || upload.Attachment is not { } attachment)
        {
            return Task.FromResult(new AttachmentAccess(AttachmentAccessOutcome.NotFound));
        }

        var url = blobs.DownloadUrl(BlobName, attachment, time.GetUtcNow() + blobs.Options.DownloadUrlLifetime);
        return Task.FromResult(new AttachmentAccess(AttachmentAccessOutcome.Granted, url.ToString(), attachment));
    }

    public async Task DeleteAsync(string chatKey)
    {
        if (state.RecordExists && state.State.ChatKey == chatKey)
        {
            await DeleteFileAsync(state.State.Confirmed ? "deleted" : "expired");
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepReminder)
        {
            return;
        }

        if (!state.RecordExists || state.State.Confirmed)
        {
            await ForgetSweepAsync();
            return;
        }

        if (state.State.ClaimToken is not null && time.GetUtcNow() - state.State.ClaimedAt < ClaimSettleTime)
        {
            return;
        }

        if (state.State.ClaimToken is not null && await ChatHoldsAsync())
        {
            await ConfirmAsync(state.State.ClaimToken);
            return;
        }

        LogSwept(this.GetPrimaryKeyString(), state.State.CreatedAt);
        await DeleteFileAsync("expired");
    }

    // A claim whose confirmation was lost (the silo stopped right after the commit): is the message there?
    private async Task<bool> ChatHoldsAsync()
    {
        var page = await GrainFactory.GetGrain<IChatGrain>(state.State.ChatKey)
            .ListEventsAsync(new EventPageQuery(state.State.ClaimedAfterSeq, SweepEventWindow));
        return page.Events.Any(stored => stored.Type == ChatEventType.MessageNew && stored.Message?.Attachments?.Any(attachment => attachment.Id == Id) == true);
    }

    private async Task DeleteFileAsync(string outcome)
    {
        await blobs.DeleteAsync(BlobName);
        var (size, counted) = (state.State.Size, state.State.Confirmed);
        await state.ClearStateAsync();
        await ForgetSweepAsync();
        AttachmentMetrics.RecordUpload(outcome);
        AttachmentMetrics.RecordBytes(Tenant, outcome, size);
        if (counted)
        {
            _ = Usage.AddAsync(-1, -size);
        }

        DeactivateOnIdle();
    }

    private string Tenant => TenantKeys.TenantOf(this.GetPrimaryKeyString());

    private IAttachmentUsageGrain Usage => GrainFactory.GetGrain<IAttachmentUsageGrain>(IAttachmentUsageGrain.KeyOf(Tenant));

    private async Task ForgetSweepAsync()
    {
        if (await this.GetReminder(SweepReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static AttachmentClaim Refused(string problem)
    {
        AttachmentMetrics.RecordUpload("refused");
        return new AttachmentClaim(null, problem);
    }

    [LoggerMessage(EventId = (int)LogEvents.AttachmentSwept, Level = LogLevel.Information, Message = "Upload {UploadKey} of {CreatedAt} was never attached: its file is deleted")]
    private partial void LogSwept(string uploadKey, DateTimeOffset createdAt);
}
