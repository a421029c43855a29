namespace Chats;

/// <summary>A message to append to a chat.</summary>
/// <param name="Id">A client-chosen id that makes the request idempotent; null lets the chat assign one.</param>
/// <param name="ReplyToId">A message of the same chat this one answers.</param>
/// <param name="Metadata">App data; within <see cref="ChatLimits.MaxMetadataKeys"/> and <see cref="ChatLimits.MaxMetadataBytes"/>.</param>
/// <param name="AttachmentIds">Uploads of this author to this chat (<see cref="IChatGrain.CreateUploadAsync"/>), at most <see cref="ChatLimits.MaxAttachmentsPerMessage"/>.</param>
[GenerateSerializer, Immutable, Alias("chats.new-message")]
public sealed record class NewMessage(
    string? Id,
    string AuthorId,
    string Text,
    string? ReplyToId = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyList<string>? AttachmentIds = null);
