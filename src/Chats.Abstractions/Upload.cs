namespace Chats;

/// <summary>What a member declares before uploading a file to a chat (<see cref="IChatGrain.CreateUploadAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("chats.upload-draft")]
public sealed record class UploadDraft(string UserId, string FileName, string ContentType, long Size);

/// <summary>
/// Where to PUT the file: <see cref="Url"/> allows creating exactly one blob until <see cref="ExpiresAt"/>;
/// the bytes go straight to storage.
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.upload")]
public sealed record class Upload(string Id, string Url, DateTimeOffset ExpiresAt, long MaxSize);

/// <summary>How <see cref="IChatGrain.CreateUploadAsync"/> ended.</summary>
[GenerateSerializer, Alias("chats.upload-outcome")]
public enum UploadOutcome
{
    Created = 0,
    ChatNotFound = 1,
    NotAMember = 2,

    /// <summary>The declared size or content type is not allowed (<see cref="UploadResult.Problem"/> says which).</summary>
    Refused = 3,
}

/// <summary>The outcome of <see cref="IChatGrain.CreateUploadAsync"/>, with the upload when created.</summary>
[GenerateSerializer, Immutable, Alias("chats.upload-result")]
public sealed record class UploadResult(UploadOutcome Outcome, Upload? Upload = null, string? Problem = null);

/// <summary>How <see cref="IChatGrain.GetAttachmentAsync"/> ended.</summary>
[GenerateSerializer, Alias("chats.attachment-access-outcome")]
public enum AttachmentAccessOutcome
{
    Granted = 0,
    ChatNotFound = 1,
    NotAMember = 2,

    /// <summary>No message of this chat holds the attachment (never attached, or its message was deleted).</summary>
    NotFound = 3,
}

/// <summary>A short-lived read URL of an attachment, for a member.</summary>
[GenerateSerializer, Immutable, Alias("chats.attachment-access")]
public sealed record class AttachmentAccess(AttachmentAccessOutcome Outcome, string? Url = null, MessageAttachment? Attachment = null);
