using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>A message's attachment as the API shows it; read it with <c>GET {prefix}/Attachment?chat_id=…&amp;id=…</c>.</summary>
public sealed record class AttachmentDto(
    string Id,
    string FileName,
    string ContentType,
    long Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Width = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Height = null)
{
    public static AttachmentDto From(MessageAttachment attachment) =>
        new(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.Width, attachment.Height);
}
