namespace Chats.Attachments;

/// <summary>
/// Content types as uploads declare them and as downloads serve them: only images, audio and video a
/// browser shows safely are served inline; every other type downloads as a file, and types a browser
/// would run (HTML, SVG, XML, script) are served as bytes whatever the upload declared.
/// </summary>
internal static class AttachmentContentTypes
{
    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "audio/mpeg", "audio/ogg", "audio/wav", "audio/webm", "video/mp4", "video/webm", "video/ogg",
    };

    private static readonly HashSet<string> Active = new(StringComparer.Ordinal)
    {
        "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml", "text/javascript", "application/javascript", "application/x-javascript",
    };

    /// <summary>The media type alone (no parameters), lower case; null when it is not <c>type/subtype</c>.</summary>
    public static string? MediaType(string? contentType)
    {
        var media = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var slash = media.IndexOf('/');
        return slash > 0 && slash < media.Length - 1 && media.IndexOf('/', slash + 1) < 0 && media.All(c => c > ' ' && c < 127) ? media : null;
    }

    /// <summary>Whether <paramref name="mediaType"/> matches one of <paramref name="allowed"/> (<c>type/*</c> and <c>prefix.*</c> patterns).</summary>
    public static bool IsAllowed(string mediaType, IEnumerable<string> allowed) =>
        !Active.Contains(mediaType) && allowed.Any(pattern => pattern.EndsWith('*')
            ? mediaType.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(mediaType, pattern, StringComparison.OrdinalIgnoreCase));

    /// <summary>Images whose width and height are read from their header.</summary>
    public static bool IsImage(string mediaType) => mediaType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    /// <summary>The type a download is served with.</summary>
    public static string ServedAs(string mediaType) => Active.Contains(mediaType) ? "application/octet-stream" : mediaType;

    /// <summary>The Content-Disposition a download is served with: inline only for the safe media types.</summary>
    public static string Disposition(string mediaType, string fileName)
    {
        var ascii = new string([.. fileName.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_')]);
        return $"{(Inline.Contains(mediaType) ? "inline" : "attachment")}; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}
