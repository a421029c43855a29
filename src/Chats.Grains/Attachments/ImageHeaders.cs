using SixLabors.ImageSharp;

namespace Chats.Attachments;

/// <summary>An image's size from its header, by ImageSharp (which reads the header only, not the pixels).</summary>
internal static class ImageHeaders
{
    public static (int Width, int Height)? Read(Stream head, string mediaType)
    {
        try
        {
            var info = Image.Identify(head, out var format);
            return info is not null && format is not null && format.MimeTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)
                ? (info.Width, info.Height)
                : null;
        }
        catch (Exception exception) when (exception is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or EndOfStreamException)
        {
            return null;
        }
    }
}
