using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Buffers;
using System.Security.Cryptography;

namespace Chats.Webhooks;

/// <summary>
/// The one way Chats calls an app's backend: an <see cref="HttpClient"/> that connects only to
/// addresses the <see cref="WebhookAddressPolicy"/> allows (checked after DNS, so a name cannot
/// point a delivery at a private address), follows no redirects and keeps no cookies; and requests
/// signed as Standard Webhooks 1.0 says: <c>v1,</c> and the base64 HMAC-SHA256 (the BCL's one-shot
/// <see cref="HMACSHA256.HashData(byte[], byte[])"/>) of <c>id.timestamp.body</c> under the secret's
/// bytes. Not the <c>StandardWebhooks</c> package: its Sign leaves an HMAC handle per call to the
/// finalizer, which cost more silo CPU than the rest of a delivery (BENCHMARKS.md, W8).
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    private readonly WebhookAddressPolicy _policy;
    private const string SecretPrefix = "whsec_";

    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public WebhookHttp(WebhookAddressPolicy policy, TimeSpan timeout)
    {
        _policy = policy;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        Client = new HttpClient(handler) { Timeout = timeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("Chats-Webhooks/1.0");
    }

    public HttpClient Client { get; }

    /// <summary>A POST of <paramref name="body"/> to <paramref name="url"/>, signed with each secret in force (the newest first).</summary>
    public HttpRequestMessage SignedPost(string url, string messageId, DateTimeOffset timestamp, string body, IEnumerable<string> secrets)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("webhook-signature", string.Join(' ', secrets.Select(secret => Sign(KeyOf(secret), messageId, seconds, body))));
        return request;
    }

    /// <summary>Why an attempt failed, in a line for an operator (a refused target says which rule).</summary>
    public static string Describe(HttpRequestException exception) =>
        exception.InnerException is WebhookTargetRefusedException refused ? refused.Message : exception.Message;

    public void Dispose() => Client.Dispose();

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Sign(byte[] key, string messageId, string seconds, string body)
    {
        var length = Encoding.UTF8.GetByteCount(messageId) + seconds.Length + Encoding.UTF8.GetByteCount(body) + 2;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(messageId, buffer);
            buffer[written++] = (byte)'.';
            written += Encoding.UTF8.GetBytes(seconds, buffer.AsSpan(written));
            buffer[written++] = (byte)'.';
            written += Encoding.UTF8.GetBytes(body, buffer.AsSpan(written));
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, buffer.AsSpan(0, written), hash);
            return "v1," + Convert.ToBase64String(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] KeyOf(string secret) => _keys.GetOrAdd(secret, static secret =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret));

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(address => _policy.RefuseAddress(address) is null).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(addresses.Length == 0 ? $"{host} has no address" : $"target refused: {_policy.RefuseAddress(addresses[0])}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
