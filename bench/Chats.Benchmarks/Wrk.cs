using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Chats.Benchmarks;

/// <summary>Runs wrk (a separate process) against a URL with one of the Lua scripts in bench/lua, and reads its report.</summary>
internal static partial class Wrk
{
    /// <summary>
    /// Runs the script unmeasured for a while first: a freshly started gateway runs unoptimized code
    /// until the JIT's tiering has recompiled its hot paths (a few seconds under load), which is neither
    /// the throughput nor the CPU per request of a service that has been up for a while.
    /// </summary>
    public static Task WarmUpAsync(string url, string script, TimeSpan duration, int connections, IDictionary<string, string>? environment = null) =>
        RunAsync("warm-up", "", url, script, duration, connections, environment);

    public static async Task<Measurement> RunAsync(string name, string description, string url, string script, TimeSpan duration, int connections, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("wrk")
        {
            ArgumentList =
            {
                "-t2", $"-c{connections}", $"-d{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency",
                "-s", Path.Combine(RepositoryRoot.Path, "bench", "lua", script), url,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (./bench.sh installs it).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var requests = long.Parse(RequestsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = ErrorsPattern().Match(output) is { Success: true } match ? match.Groups[1].Value : "0";
        if (errors != "0")
        {
            Console.Error.WriteLine($"{name}: wrk counted {errors} non-2xx replies or socket errors");
        }

        return new Measurement(
            name,
            description,
            double.Parse(RatePattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency(output, "50"),
            Latency(output, "99"),
            requests) { Failures = long.Parse(errors, CultureInfo.InvariantCulture) };
    }

    private static double Latency(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex ErrorsPattern();
}
