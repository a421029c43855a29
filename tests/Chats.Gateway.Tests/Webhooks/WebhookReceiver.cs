using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chats.Tests.Webhooks;

/// <summary>
/// The Node receiver (<c>tests/webhooks/receiver.js</c>) on a free loopback port: it verifies every
/// delivery with the npm <c>standardwebhooks</c> package, not the service's code, and logs each one
/// to a file that outlives its restarts. Stopping it kills the process: the endpoint is down.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"chats-webhooks-{Guid.NewGuid():N}.jsonl");
    private readonly HttpClient _http = new();
    private Process? _process;
    private string[] _secrets = [];
    private string _mode = "ok";

    public int Port { get; } = FreePort.Next();

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>The before-send hook's URL on this receiver.</summary>
    public string HookUrl => $"http://127.0.0.1:{Port}/before-send";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>Starts the process (again, on the same port and log), with the secrets and mode last set.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryRoot.Path, "tests", "webhooks", "receiver.js"), Port.ToString(), _log, string.Join(',', _secrets), _mode])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        _process = Process.Start(start)!;
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("listening", line);
    }

    /// <summary>Kills the process: connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public Task SetSecretsAsync(params string[] secrets)
    {
        _secrets = secrets;
        return ControlAsync(new { secrets });
    }

    /// <summary>How the before-send hook answers: after <paramref name="delayMs"/>, with <paramref name="status"/> and <paramref name="reply"/>.</summary>
    public Task SetHookAsync(object reply, int delayMs = 0, int status = 200) => ControlAsync(new { hook = new { delay_ms = delayMs, status, reply } });

    public Task SetModeAsync(string mode)
    {
        _mode = mode;
        return ControlAsync(new { mode });
    }

    /// <summary>Every delivery received so far, in the order received.</summary>
    public IReadOnlyList<ReceivedDelivery> Deliveries() => !File.Exists(_log)
        ? []
        : [.. File.ReadAllLines(_log).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<ReceivedDelivery>(line, JsonSerializerOptions.Web)!)];

    /// <summary>Waits until <paramref name="done"/> holds of the deliveries received, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var deliveries = Deliveries();
            if (done(deliveries))
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting after {timeout.TotalSeconds:0} s; {deliveries.Count} deliveries so far");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        File.Delete(_log);
    }

    private async Task ControlAsync(object control)
    {
        using var response = await _http.PostAsJsonAsync($"http://127.0.0.1:{Port}/_control", control);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>One delivery as the receiver logged it: whether each secret verified it, and the event it carried.</summary>
public sealed record class ReceivedDelivery(
    long At,
    string Id,
    int Status,
    bool[] Verified,
    int Signatures,
    string? Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("chat_id")] string? ChatId,
    long Seq,
    string? Text,
    [property: System.Text.Json.Serialization.JsonPropertyName("offline_user_ids")] string[]? OfflineUserIds,
    JsonElement Event);
