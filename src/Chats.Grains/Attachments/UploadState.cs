namespace Chats.Attachments;

/// <summary>An upload as declared, and the message that claimed it.</summary>
[GenerateSerializer, Alias("chats.upload-state")]
public sealed class UploadState
{
    [Id(0)] public string ChatKey { get; set; } = string.Empty;

    [Id(1)] public string AuthorId { get; set; } = string.Empty;

    [Id(2)] public string FileName { get; set; } = string.Empty;

    [Id(3)] public string ContentType { get; set; } = string.Empty;

    [Id(4)] public long Size { get; set; }

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The claiming message's client id (or a one-off token); null while unclaimed.</summary>
    [Id(6)] public string? ClaimToken { get; set; }

    /// <summary>The chat's seq just before the claiming message.</summary>
    [Id(7)] public long ClaimedAfterSeq { get; set; }

    /// <summary>Whether the claiming message is known to be stored.</summary>
    [Id(8)] public bool Confirmed { get; set; }

    /// <summary>The attachment as its message holds it; set with the claim.</summary>
    [Id(9)] public MessageAttachment? Attachment { get; set; }

    /// <summary>When it was claimed.</summary>
    [Id(10)] public DateTimeOffset ClaimedAt { get; set; }
}
