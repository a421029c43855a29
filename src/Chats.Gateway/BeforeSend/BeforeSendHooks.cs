using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Chats.Webhooks;

namespace Chats.Gateway.BeforeSend;

/// <summary>
/// Calls a tenant's before-send hook with a message before it goes to its chat, within the hook's
/// budget: a slow hook delays that message only, since the chat has not seen it. The hook answers a
/// 2xx with <c>{"action": "accept" | "reject" | "rewrite", "reason"?, "text"?, "metadata"?}</c> (an empty
/// body accepts); anything else, a rewrite that breaks the API's rules or no answer in time is an error,
/// which accepts the message as sent, or refuses it when the hook fails closed. Each tenant's hook is
/// read again at most every <see cref="CacheTime"/>.
/// </summary>
public sealed partial class BeforeSendHooks(IClusterClient cluster, WebhookHttp http, IOptions<ChatsApiLimits> limits, TimeProvider time, ILogger<BeforeSendHooks> logger)
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(2);

    /// <summary>The longest budget a hook may have (SetBeforeSendHook's <c>budget_ms</c>).</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (BeforeSendHook? Hook, DateTimeOffset ReadAt)> _tenants = new(StringComparer.Ordinal);

    public async Task<BeforeSendVerdict> CheckAsync(string tenant, string chatId, bool edit, BeforeSendMessage message)
    {
        if (await HookOfAsync(tenant) is not { } hook)
        {
            return BeforeSendVerdict.Accept;
        }

        var started = Stopwatch.GetTimestamp();
        var verdict = await CallAsync(hook, chatId, edit, message);
        GatewayMetrics.BeforeSendCalled(verdict.Outcome, Stopwatch.GetElapsedTime(started));
        return verdict.Verdict;
    }

    /// <summary>Forgets a tenant's hook, so this gateway reads the one just set.</summary>
    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);

    private async ValueTask<BeforeSendHook?> HookOfAsync(string tenant)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenant, out var known) && now - known.ReadAt < CacheTime)
        {
            return known.Hook;
        }

        var hook = await cluster.GetGrain<IWebhooksGrain>(IWebhooksGrain.GrainKeyOf(tenant)).GetBeforeSendHookAsync();
        _tenants[tenant] = (hook, now);
        return hook;
    }

    private async Task<(BeforeSendVerdict Verdict, string Outcome)> CallAsync(BeforeSendHook hook, string chatId, bool edit, BeforeSendMessage message)
    {
        var now = time.GetUtcNow();
        var body = JsonSerializer.Serialize(new BeforeSendRequestBody("message.before_send", now, new BeforeSendData(chatId, edit, message)), ChatsJsonContext.Default.BeforeSendRequestBody);
        using var request = http.SignedPost(hook.Url, "before_send_" + Guid.NewGuid().ToString("N"), now, body, [hook.Secret]);
        using var budget = new CancellationTokenSource(hook.Budget);
        string failure;
        var outcome = "error";
        try
        {
            using var response = await http.Client.SendAsync(request, budget.Token);
            var text = await response.Content.ReadAsStringAsync(budget.Token);
            if (response.IsSuccessStatusCode)
            {
                return Read(text);
            }

            failure = $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException)
        {
            failure = $"no answer within {hook.Budget.TotalMilliseconds:0} ms";
            outcome = "timeout";
        }
        catch (HttpRequestException exception)
        {
            failure = WebhookHttp.Describe(exception);
        }
        catch (Exception exception) when (exception is JsonException or MicroErrorException)
        {
            failure = $"an answer that is not a verdict: {exception.Message}";
        }

        LogWarningHookFailed(hook.Url, failure, hook.FailClosed ? "refused" : "accepted as sent");
        return (hook.FailClosed ? new BeforeSendVerdict(BeforeSendAction.Unavailable, failure) : BeforeSendVerdict.Accept, outcome);
    }

    private (BeforeSendVerdict Verdict, string Outcome) Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (BeforeSendVerdict.Accept, "accept");
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var action = root.TryGetProperty("action", out var given) ? given.GetString() : "accept";
        switch (action)
        {
            case "accept":
                return (BeforeSendVerdict.Accept, "accept");
            case "reject":
                var reason = root.TryGetProperty("reason", out var why) && why.GetString() is { Length: > 0 } stated ? stated : "refused by the app's before-send hook";
                return (new BeforeSendVerdict(BeforeSendAction.Reject, reason[..Math.Min(reason.Length, 500)]), "reject");
            case "rewrite":
                var rewritten = root.TryGetProperty("text", out var newText) ? newText.GetString() : null;
                if (rewritten is not null && (rewritten.Length == 0 || rewritten.Length > limits.Value.MaxTextLength))
                {
                    throw new JsonException($"text: 1 to {limits.Value.MaxTextLength} characters");
                }

                if (rewritten is not null)
                {
                    FieldRules.ValidateText("text", rewritten);
                }

                var metadata = root.TryGetProperty("metadata", out var newMetadata) && newMetadata.ValueKind != JsonValueKind.Null
                    ? MetadataRules.Read("metadata", newMetadata)
                    : null;
                return (new BeforeSendVerdict(BeforeSendAction.Rewrite, Text: rewritten, Metadata: metadata), "rewrite");
            default:
                throw new JsonException($"action: accept, reject or rewrite, not \"{action}\"");
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.BeforeSendHookFailed, Level = LogLevel.Warning, Message = "Before-send hook {Url} failed ({Failure}); the message is {Handling}")]
    private partial void LogWarningHookFailed(string url, string failure, string handling);
}
