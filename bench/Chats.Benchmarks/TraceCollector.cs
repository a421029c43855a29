using System.Diagnostics;
using System.Globalization;

namespace Chats.Benchmarks;

/// <summary>
/// A CPU sampling profile of one process while a workload runs: <c>dotnet-trace collect</c> (the
/// repository's local dotnet tool) writes a speedscope file that bench/profile/top_frames.py sums by
/// frame. Used by <c>./bench.sh --profile</c>.
/// </summary>
internal static class TraceCollector
{
    public static async Task<string> CollectAsync(int processId, string name, TimeSpan duration)
    {
        var directory = Path.Combine(RepositoryRoot.Path, "bench", "profile");
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, $"{name}.nettrace");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "tool", "run", "dotnet-trace", "--", "collect", "--process-id", processId.ToString(CultureInfo.InvariantCulture),
                "--profile", "dotnet-sampled-thread-time", "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture),
                "--format", "Speedscope", "--output", output,
            },
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-trace did not start (dotnet tool restore).");
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet-trace failed ({process.ExitCode}): {await log} {await errors}");
        }

        return Path.ChangeExtension(output, ".speedscope.json");
    }
}
