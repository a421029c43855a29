using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Chats.Hosting;
using StandardWebhooks;

namespace Chats.Webhooks;

/// <summary>
/// Sends one signed delivery (Standard Webhooks 1.0: <c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c> with a <c>v1,</c> signature per secret in force) and says what came of it.
/// Connections go only to addresses <see cref="WebhookAddressPolicy"/> allows, checked after DNS.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly WebhookAddressPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, StandardWebhook> _signers = new(StringComparer.Ordinal);

    public WebhookSender(WebhookAddressPolicy policy, IOptions<ChatsWebhookOptions> options, TimeProvider time)
    {
        _policy = policy;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Value.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = options.Value.AttemptTimeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Chats-Webhooks/1.0");
    }

    public async Task<WebhookAttempt> SendAsync(WebhookTarget target, string messageId, string body)
    {
        var timestamp = _time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", string.Join(' ', target.Secrets.Select(secret => SignerOf(secret).Sign(messageId, timestamp, body))));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => WebhookAttempt.Delivered,
                410 => new WebhookAttempt(WebhookAttemptOutcome.Gone, "HTTP 410 Gone"),
                _ => new WebhookAttempt(WebhookAttemptOutcome.Failed, $"HTTP {status}", RetryAfterOf(response)),
            };
        }
        catch (TaskCanceledException)
        {
            return new WebhookAttempt(WebhookAttemptOutcome.Failed, $"no answer within {_client.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookAttempt(WebhookAttemptOutcome.Failed, exception.InnerException is WebhookTargetRefusedException refused ? refused.Message : exception.Message);
        }
    }

    public void Dispose() => _client.Dispose();

    private StandardWebhook SignerOf(string secret) => _signers.GetOrAdd(secret, static secret => new StandardWebhook(secret));

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(address => _policy.RefuseAddress(address) is null).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(addresses.Length == 0
                ? $"{host} has no address"
                : $"target refused: {_policy.RefuseAddress(addresses[0])}");
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

/// <summary>A delivery's host resolved only to addresses the policy refuses.</summary>
internal sealed class WebhookTargetRefusedException(string message) : Exception(message);
