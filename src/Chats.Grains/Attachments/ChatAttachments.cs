using Chats.Hosting;

namespace Chats.Attachments;

/// <summary>
/// A chat's side of attachments: what an upload may declare, claiming a message's uploads before it is
/// committed (confirming or releasing them after), and deleting the files of deleted messages.
/// </summary>
internal sealed partial class ChatAttachments(string chatKey, ChatsAttachmentOptions options, IGrainFactory grains, ILogger logger)
{
    /// <summary>Why the declared file may not be uploaded; null when it may.</summary>
    public string? CheckDraft(UploadDraft draft)
    {
        if (draft.Size < 1 || draft.Size > options.MaxFileSize)
        {
            return $"size: from 1 to {options.MaxFileSize} bytes";
        }

        if (AttachmentContentTypes.MediaType(draft.ContentType) is not { } mediaType || !AttachmentContentTypes.IsAllowed(mediaType, options.ContentTypes))
        {
            return $"content_type: {draft.ContentType} is not allowed (allowed: {string.Join(", ", options.ContentTypes)})";
        }

        return string.IsNullOrWhiteSpace(draft.FileName) || draft.FileName.Length > ChatLimits.MaxFileNameLength || draft.FileName.Any(char.IsControl)
            ? $"file_name: 1 to {ChatLimits.MaxFileNameLength} characters, no control characters"
            : null;
    }

    public Task<Upload> CreateAsync(UploadDraft draft)
    {
        var id = Uploads.NewId();
        return Upload(id).CreateAsync(chatKey, draft with { ContentType = AttachmentContentTypes.MediaType(draft.ContentType)! });
    }

    public Task<AttachmentAccess> OpenAsync(string attachmentId) => Upload(attachmentId).OpenAsync(chatKey);

    /// <summary>Claims every upload for the message (all or none); the token is the message's client id or a one-off.</summary>
    public async Task<(IReadOnlyList<MessageAttachment>? Attachments, string Token, string? Problem)> ClaimAsync(NewMessage message, long lastSeq)
    {
        var ids = message.AttachmentIds!;
        var token = message.Id ?? Guid.NewGuid().ToString("N");
        if (ids.Count > ChatLimits.MaxAttachmentsPerMessage || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return (null, token, $"attachments: at most {ChatLimits.MaxAttachmentsPerMessage}, each once");
        }

        AttachmentClaim[] claims;
        try
        {
            claims = await Task.WhenAll(ids.Select(id => Upload(id).ClaimAsync(chatKey, message.AuthorId, token, lastSeq)));
        }
        catch when (message.Id is null)
        {
            // A one-off token: no retry can claim with it again, so what it claimed is freed. A client
            // id's claims stay (a message of that id may hold them): its retry claims them again.
            Release(ids, token);
            throw;
        }

        if (claims.FirstOrDefault(claim => claim.Problem is not null) is { } refused)
        {
            Release(ids.Where((_, index) => claims[index].Attachment is not null), token);
            return (null, token, "attachments: " + refused.Problem);
        }

        return ([.. claims.Select(claim => claim.Attachment!)], token, null);
    }

    /// <summary>After the post: a stored message confirms its uploads; a refused one frees them.</summary>
    public void Settle(PostMessageResult result, IReadOnlyList<MessageAttachment> attachments, string token)
    {
        var held = result.Message?.Attachments?.Select(attachment => attachment.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var attachment in attachments)
        {
            if (held.Contains(attachment.Id))
            {
                _ = Upload(attachment.Id).ConfirmAsync(token);
            }
            else if (result.Outcome != PostMessageOutcome.Created)
            {
                _ = Upload(attachment.Id).ReleaseAsync(token);
            }
        }
    }

    /// <summary>The files of messages just deleted.</summary>
    public void Delete(IReadOnlyList<MessageAttachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            _ = DeleteAsync(attachment.Id);
        }
    }

    private async Task DeleteAsync(string id)
    {
        try
        {
            await Upload(id).DeleteAsync(chatKey);
        }
        catch (Exception exception)
        {
            LogDeleteFailed(exception, chatKey, id);
        }
    }

    private void Release(IEnumerable<string> ids, string token)
    {
        foreach (var id in ids)
        {
            _ = Upload(id).ReleaseAsync(token);
        }
    }

    private IUploadGrain Upload(string id) => grains.GetGrain<IUploadGrain>(Uploads.GrainKey(chatKey, id));

    [LoggerMessage(EventId = (int)Diagnostics.LogEvents.AttachmentDeleteFailed, Level = LogLevel.Warning,
        Message = "Chat {ChatKey}: the file of deleted attachment {AttachmentId} was not deleted; it stays until deleted by hand")]
    private partial void LogDeleteFailed(Exception exception, string chatKey, string attachmentId);
}
