using System.ComponentModel.DataAnnotations;

namespace Chats.Hosting;

/// <summary>Where attachments are stored and what they may be. Bound from <c>Chats:Attachments</c>.</summary>
public sealed class ChatsAttachmentOptions : IValidatableObject
{
    public const string Section = "Chats:Attachments";

    /// <summary>The longest an upload URL may live: a SAS handed to a client is as good as a key until it expires.</summary>
    public static readonly TimeSpan MaxUploadUrlLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The content types allowed unless <see cref="AllowedContentTypes"/> is set (no HTML, SVG or script).</summary>
    public static readonly string[] DefaultAllowedContentTypes =
    [
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/heic", "audio/*", "video/*", "application/pdf", "text/plain", "text/csv",
        "application/zip", "application/msword", "application/vnd.openxmlformats-officedocument.*", "application/vnd.oasis.opendocument.*",
    ];

    /// <summary>The Azure Blob storage account (a connection string with its key, which signs the SAS URLs); null: <c>Chats:Storage:ConnectionString</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The blob endpoint as clients reach it (<c>https://cdn.example.com/account</c>), when it differs from the
    /// connection string's (a container network, a proxy); upload and read URLs use it. Null: the connection string's.
    /// </summary>
    public Uri? PublicBlobEndpoint { get; set; }

    /// <summary>The blob container; each tenant's files are under a prefix of their own.</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string ContainerName { get; set; } = "chats-attachments";

    /// <summary>The largest file, in bytes.</summary>
    [Range(1, 5L * 1024 * 1024 * 1024)]
    public long MaxFileSize { get; set; } = 25 * 1024 * 1024;

    /// <summary>How long an upload URL allows the PUT (at most 15 minutes).</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = MaxUploadUrlLifetime;

    /// <summary>How long a download's read URL is valid.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an upload may wait to be attached; after that its file is deleted.</summary>
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Content types (<c>type/*</c> allows a whole type) an upload may declare. Empty: <see cref="DefaultAllowedContentTypes"/>
    /// (an array the configuration binder would append to, not replace, if it were the default here).
    /// </summary>
    public string[] AllowedContentTypes { get; set; } = [];

    /// <summary>The content types in force.</summary>
    public string[] ContentTypes => AllowedContentTypes.Length > 0 ? AllowedContentTypes : DefaultAllowedContentTypes;

    /// <summary>Origins whose pages may PUT uploads and read files from the browser: set as the blob service's CORS rules at start. Empty: rules left as they are.</summary>
    public string[] CorsOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UploadUrlLifetime <= TimeSpan.Zero || UploadUrlLifetime > MaxUploadUrlLifetime)
        {
            yield return new ValidationResult("Between 1 s and 15 minutes.", [nameof(UploadUrlLifetime)]);
        }

        if (DownloadUrlLifetime <= TimeSpan.Zero || UnattachedLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(DownloadUrlLifetime), nameof(UnattachedLifetime)]);
        }
    }
}
