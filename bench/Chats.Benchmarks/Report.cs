using System.Text.Json;

namespace Chats.Benchmarks;

/// <summary>Prints the results as a table and writes the same as JSON.</summary>
internal static class Report
{
    public static void Print(IReadOnlyList<Measurement> results, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"| {"name",-4} | {"what",-72} | {"per second",12} | {"p50 ms",8} | {"p99 ms",8} | {"vs",-18} | {"ratio",6} | {"target",6} | met |");
        output.WriteLine($"|{new string('-', 6)}|{new string('-', 74)}|{new string('-', 14)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 20)}|{new string('-', 8)}|{new string('-', 8)}|-----|");
        foreach (var r in results)
        {
            var what = r.Failures > 0 ? $"{r.Description}; {r.Failures} FAILED" : r.Description;
            output.WriteLine($"| {r.Name,-4} | {what,-72} | {r.PerSecond,12:F0} | {r.P50Milliseconds,8:F2} | {r.P99Milliseconds,8:F2} | {r.Ceiling ?? "",-18} | {Format(r.Ratio),6} | {(r.LowerIsBetter ? "<=" : ">=") + Format(r.Target),6} | {Met(r.Met),-3} |");
        }
    }

    public static void PrintProfiles(IReadOnlyList<Measurement> results, TextWriter output)
    {
        foreach (var r in results.Where(r => r.Profile is not null))
        {
            output.WriteLine($"{r.Name}: {r.Profile}");
        }

        foreach (var r in results.Where(r => r.GatewayCpuMicrosecondsPerRequest is not null))
        {
            output.WriteLine(System.FormattableString.Invariant(
                $"{r.Name}: CPU per request: gateway {r.GatewayCpuMicrosecondsPerRequest:F0} µs, silo {r.SiloCpuMicrosecondsPerRequest:F0} µs"));
        }

        foreach (var r in results.Where(r => r.GatewayCpuMicrosecondsPerRequest is null && r.SiloCpuMicrosecondsPerRequest is not null))
        {
            output.WriteLine(System.FormattableString.Invariant($"{r.Name}: silo CPU per message {r.SiloCpuMicrosecondsPerRequest:F0} µs"));
        }
    }

    public static async Task WriteJsonAsync(IReadOnlyList<Measurement> results, string path, string mode)
    {
        var document = new
        {
            mode,
            machine = new { cores = Environment.ProcessorCount, memoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes },
            measuredAt = DateTimeOffset.UtcNow,
            results = results.Select(r => new
            {
                r.Name, r.Description, r.PerSecond, r.P50Milliseconds, r.P99Milliseconds, r.Operations, r.Ceiling, r.Ratio, r.Target, r.LowerIsBetter, r.Met, r.Profile,
                r.GatewayCpuMicrosecondsPerRequest, r.SiloCpuMicrosecondsPerRequest,
            }),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static string Met(bool? met) => met switch { true => "yes", false => "NO", null => "" };
}
