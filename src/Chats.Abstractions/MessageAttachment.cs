namespace Chats;

/// <summary>A file attached to a message: an upload (<see cref="Id"/>) checked and claimed when the message was posted.</summary>
/// <param name="Width">Pixels, for images whose header could be read; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("chats.attachment")]
public sealed record class MessageAttachment(
    string Id,
    string FileName,
    string ContentType,
    long Size,
    int? Width = null,
    int? Height = null);
