using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Chats.Webhooks;

/// <summary>
/// Which URLs and addresses webhooks may target (SSRF): a URL is checked when an endpoint is saved,
/// and every address a host name resolves to is checked again when a delivery connects.
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookTargetOptions> options)
{
    public const int MaxUrlLength = 2048;

    /// <summary>Why <paramref name="url"/> may not be an endpoint, or null when it may.</summary>
    public string? RefuseUrl(string url)
    {
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return $"url: an absolute https:// URL without user info or fragment, at most {MaxUrlLength} characters";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !options.Value.AllowHttp)
        {
            return "url: https:// only (http:// only to loopback, unless Chats:Webhooks:AllowHttp)";
        }

        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address))
        {
            return RefuseAddress(address);
        }

        return uri.IsLoopback && !options.Value.AllowLoopback ? "url: loopback targets are not allowed (Chats:Webhooks:AllowLoopback)" : null;
    }

    /// <summary>Why a delivery may not connect to <paramref name="address"/>, or null when it may.</summary>
    public string? RefuseAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.Value.AllowLoopback ? null : $"{address} is loopback (Chats:Webhooks:AllowLoopback)";
        }

        if (IsUnroutable(address))
        {
            return $"{address} is not a unicast address";
        }

        return IsPrivate(address) && !options.Value.AllowPrivateNetworks
            ? $"{address} is in a private or link-local range (Chats:Webhooks:AllowPrivateNetworks)"
            : null;
    }

    private static bool IsUnroutable(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] == 0 || bytes[0] >= 224;
        }

        return address.IsIPv6Multicast || address.Equals(IPAddress.IPv6Any);
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }

        var first = address.GetAddressBytes()[0];
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (first & 0xFE) == 0xFC;
    }
}
