using Chats.Hosting;

namespace Chats.Webhooks;

/// <summary>Sends one delivery through <see cref="WebhookHttp"/> and says what came of it: a 2xx, a 410, or a failure with why and the receiver's Retry-After.</summary>
internal sealed class WebhookSender(WebhookAddressPolicy policy, IOptions<ChatsWebhookOptions> options, TimeProvider time) : IDisposable
{
    private readonly WebhookHttp _http = new(policy, options.Value.AttemptTimeout);

    public async Task<WebhookAttempt> SendAsync(WebhookTarget target, string messageId, string body)
    {
        using var request = _http.SignedPost(target.Url, messageId, time.GetUtcNow(), body, target.Secrets);
        try
        {
            using var response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
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
            return new WebhookAttempt(WebhookAttemptOutcome.Failed, $"no answer within {options.Value.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookAttempt(WebhookAttemptOutcome.Failed, WebhookHttp.Describe(exception));
        }
    }

    public void Dispose() => _http.Dispose();

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
