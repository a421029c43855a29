using System.Text.Json.Serialization;

namespace Chats.Benchmarks;

/// <summary>One measured workload: operations per second and latency percentiles, with its ceiling and target.</summary>
public sealed record class Measurement(
    string Name,
    string Description,
    double PerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    long Operations)
{
    /// <summary>The ceiling this is compared with, and the ratio it must reach.</summary>
    public string? Ceiling { get; init; }

    public double? Ratio { get; init; }

    public double? Target { get; init; }

    /// <summary>Where the CPU went during the run, for workloads whose bound is the machine.</summary>
    public string? Profile { get; init; }

    /// <summary>CPU time the gateway process used per request over the measured window, in microseconds (HTTP workloads).</summary>
    public double? GatewayCpuMicrosecondsPerRequest { get; init; }

    /// <summary>CPU time the silo process used per request over the measured window, in microseconds (HTTP workloads).</summary>
    public double? SiloCpuMicrosecondsPerRequest { get; init; }

    /// <summary>Operations that failed (a slow or unavailable store; under wrk, non-2xx replies and socket errors): not in the rate or the latencies.</summary>
    public long Failures { get; init; }

    /// <summary>Whether the ratio must stay at or below the target (latency, memory) instead of reaching it.</summary>
    public bool LowerIsBetter { get; init; }

    [JsonIgnore]
    public bool? Met => Target is { } target && Ratio is { } ratio ? (LowerIsBetter ? ratio <= target : ratio >= target) : null;
}
