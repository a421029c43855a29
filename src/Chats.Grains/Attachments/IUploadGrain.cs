namespace Chats.Attachments;

/// <summary>One upload (keyed by <see cref="Uploads.GrainKey"/>): its blob, who may attach it to which chat, and the message that did.</summary>
[Alias("chats.IUploadGrain")]
public interface IUploadGrain : IGrainWithStringKey
{
    /// <summary>Records the upload and returns its URL; its file is deleted if no message claims it in time.</summary>
    [Alias("CreateAsync")]
    Task<Upload> CreateAsync(string chatKey, UploadDraft draft);

    /// <summary>
    /// Checks the uploaded file against what was declared and claims it for one message (<paramref name="token"/>:
    /// its client id, or a one-off); the same token claims it again. <paramref name="lastSeq"/> is the chat's
    /// seq before the message, where the sweep looks for it if the claim is never confirmed.
    /// </summary>
    [Alias("ClaimAsync")]
    Task<AttachmentClaim> ClaimAsync(string chatKey, string authorId, string token, long lastSeq);

    /// <summary>The claiming message is stored.</summary>
    [Alias("ConfirmAsync"), Orleans.Concurrency.OneWay]
    Task ConfirmAsync(string token);

    /// <summary>The claiming message was not stored: the upload may be attached again.</summary>
    [Alias("ReleaseAsync"), Orleans.Concurrency.OneWay]
    Task ReleaseAsync(string token);

    /// <summary>A read URL, when the upload is attached in <paramref name="chatKey"/>.</summary>
    [Alias("OpenAsync")]
    Task<AttachmentAccess> OpenAsync(string chatKey);

    /// <summary>Its message was deleted: the file goes.</summary>
    [Alias("DeleteAsync")]
    Task DeleteAsync(string chatKey);
}

/// <summary>A claimed attachment, or why it could not be claimed.</summary>
[GenerateSerializer, Immutable, Alias("chats.attachment-claim")]
public sealed record class AttachmentClaim(MessageAttachment? Attachment, string? Problem = null);
