namespace Chats.Gateway.Attachments;

/// <summary>Where to PUT the file (<c>url</c>, until <c>expires_at</c>) and the id to attach it by.</summary>
public sealed record class UploadDto(string Id, string Url, UtcTimestamp ExpiresAt, long MaxSize)
{
    public static UploadDto From(Upload upload) => new(upload.Id, upload.Url, upload.ExpiresAt, upload.MaxSize);
}

public sealed record class CreateUploadResponse(UploadDto Upload);
