using Chats.Attachments;

namespace Chats;

/// <summary>Attachments: members upload files straight to blob storage, attach them to messages, and read them while they are members.</summary>
internal sealed partial class ChatGrain
{
    private ChatAttachments? _attachments;

    private ChatAttachments Attachments => _attachments ??= new ChatAttachments(this.GetPrimaryKeyString(), attachmentOptions.Value, GrainFactory, logger);

    public async Task<UploadResult> CreateUploadAsync(UploadDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(draft.UserId);
        if (!await ExistsAsync())
        {
            return new UploadResult(UploadOutcome.ChatNotFound);
        }

        if (!Log.Roster.Contains(draft.UserId))
        {
            return new UploadResult(UploadOutcome.NotAMember);
        }

        return Attachments.CheckDraft(draft) is { } problem
            ? new UploadResult(UploadOutcome.Refused, Problem: problem)
            : new UploadResult(UploadOutcome.Created, await Attachments.CreateAsync(draft));
    }

    public async Task<AttachmentAccess> GetAttachmentAsync(string userId, string attachmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(attachmentId);
        if (!await ExistsAsync())
        {
            return new AttachmentAccess(AttachmentAccessOutcome.ChatNotFound);
        }

        return Log.Roster.Contains(userId) ? await Attachments.OpenAsync(attachmentId) : new AttachmentAccess(AttachmentAccessOutcome.NotAMember);
    }

    // A message's uploads are claimed before it is committed, and confirmed (or freed) once it is.
    private async Task<PostMessageResult> PostWithAttachmentsAsync(NewMessage message)
    {
        var (attachments, token, problem) = await Attachments.ClaimAsync(message, Log.LastSeq);
        if (problem is not null)
        {
            return new PostMessageResult(PostMessageOutcome.AttachmentRefused, null, problem);
        }

        var result = await Log.PostAsync(message, attachments);
        Attachments.Settle(result, attachments!, token);
        return result;
    }
}
