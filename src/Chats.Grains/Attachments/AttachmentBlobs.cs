using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Chats.Hosting;

namespace Chats.Attachments;

/// <summary>
/// The attachments' blob container: SAS URLs that let a client create one blob or read one, and the
/// few calls the silo makes itself (a file's properties, the first bytes of an image, its served
/// headers, deletion). The bytes of a file never pass through the silo except an image's header.
/// </summary>
internal sealed partial class AttachmentBlobs
{
    // Enough for the header of every image format read (a JPEG's EXIF block comes before its size).
    private const int ImageHeaderBytes = 256 * 1024;

    private readonly ChatsAttachmentOptions _options;
    private readonly BlobServiceClient _service;
    private readonly BlobContainerClient _container;
    private readonly ILogger<AttachmentBlobs> _logger;
    private readonly Lock _gate = new();
    private Task? _preparing;

    public AttachmentBlobs(IOptions<ChatsAttachmentOptions> options, IOptions<ChatsStorageOptions> storage, ILogger<AttachmentBlobs> logger)
    {
        _options = options.Value;
        _logger = logger;
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = storage.Value.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.NetworkTimeout = storage.Value.RequestTimeout;
        _service = new BlobServiceClient(_options.ConnectionString ?? storage.Value.ConnectionString, clientOptions);
        _container = _service.GetBlobContainerClient(_options.ContainerName);
    }

    public ChatsAttachmentOptions Options => _options;

    /// <summary>A URL that creates <paramref name="blobName"/> once (never overwrites it) until <paramref name="expiresAt"/>.</summary>
    public async Task<Uri> UploadUrlAsync(string blobName, DateTimeOffset expiresAt)
    {
        await EnsureReadyAsync();
        var sas = new BlobSasBuilder(BlobSasPermissions.Create, expiresAt) { BlobContainerName = _container.Name, BlobName = blobName, Resource = "b" };
        return Public(_container.GetBlobClient(blobName).GenerateSasUri(sas));
    }

    /// <summary>A URL that reads <paramref name="blobName"/> until <paramref name="expiresAt"/>, served with safe headers.</summary>
    public Uri DownloadUrl(string blobName, MessageAttachment attachment, DateTimeOffset expiresAt)
    {
        var served = ServedHeaders(attachment);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
        {
            BlobContainerName = _container.Name,
            BlobName = blobName,
            Resource = "b",
            ContentType = served.ContentType,
            ContentDisposition = served.ContentDisposition,
        };
        return Public(_container.GetBlobClient(blobName).GenerateSasUri(sas));
    }

    // A SAS signs the account, container and blob, not the host: the same URL served from the public endpoint.
    private Uri Public(Uri sasUri)
    {
        if (_options.PublicBlobEndpoint is not { } endpoint)
        {
            return sasUri;
        }

        var relative = sasUri.PathAndQuery[_service.Uri.AbsolutePath.TrimEnd('/').Length..];
        return new Uri(endpoint.ToString().TrimEnd('/') + relative);
    }

    /// <summary>The uploaded file's size and content type; null when nothing was uploaded.</summary>
    public async Task<(long Size, string? ContentType)?> InspectAsync(string blobName)
    {
        try
        {
            BlobProperties properties = await _container.GetBlobClient(blobName).GetPropertiesAsync();
            return (properties.ContentLength, properties.ContentType);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    /// <summary>An image's width and height, read from its first bytes; null when they are not an image of <paramref name="mediaType"/>.</summary>
    public async Task<(int Width, int Height)?> ImageSizeAsync(string blobName, string mediaType)
    {
        var download = await _container.GetBlobClient(blobName).DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(0, ImageHeaderBytes) });
        using var head = new MemoryStream();
        await using (var content = download.Value.Content)
        {
            await content.CopyToAsync(head);
        }

        head.Position = 0;
        return ImageHeaders.Read(head, mediaType);
    }

    /// <summary>Sets the headers the file is served with (a browser opening the blob directly gets them too).</summary>
    public async Task SealAsync(string blobName, MessageAttachment attachment) =>
        await _container.GetBlobClient(blobName).SetHttpHeadersAsync(ServedHeaders(attachment));

    // The same headers on the blob and in every read URL (Azure honours the URL's; Azurite only the blob's).
    private static BlobHttpHeaders ServedHeaders(MessageAttachment attachment) => new()
    {
        ContentType = AttachmentContentTypes.ServedAs(attachment.ContentType),
        ContentDisposition = AttachmentContentTypes.Disposition(attachment.ContentType, attachment.FileName),
    };

    public async Task DeleteAsync(string blobName) =>
        await _container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);

    // The container, and the CORS rules browsers need to PUT and read directly, on first use.
    private Task EnsureReadyAsync()
    {
        lock (_gate)
        {
            if (_preparing is null || _preparing.IsFaulted || _preparing.IsCanceled)
            {
                _preparing = PrepareAsync();
            }

            return _preparing;
        }
    }

    private async Task PrepareAsync()
    {
        await _container.CreateIfNotExistsAsync();
        if (_options.CorsOrigins.Length > 0)
        {
            BlobServiceProperties properties = await _service.GetPropertiesAsync();
            var origins = string.Join(',', _options.CorsOrigins);
            if (!properties.Cors.Any(rule => rule.AllowedOrigins == origins))
            {
                properties.Cors.Clear();
                properties.Cors.Add(new BlobCorsRule
                {
                    AllowedOrigins = origins,
                    AllowedMethods = "GET,HEAD,PUT,OPTIONS",
                    AllowedHeaders = "*",
                    ExposedHeaders = "*",
                    MaxAgeInSeconds = 3600,
                });
                await _service.SetPropertiesAsync(properties);
                LogCorsSet(origins);
            }
        }
    }

    [LoggerMessage(EventId = (int)Diagnostics.LogEvents.AttachmentCorsSet, Level = LogLevel.Information, Message = "Attachment storage: CORS rules set for {Origins}")]
    private partial void LogCorsSet(string origins);
}
