using System.Globalization;

namespace Chats.Benchmarks;

/// <summary>
/// CPU time each process of a workload used (user + system, from /proc/PID/stat): where the
/// machine's cores went, the evidence for what bounds a workload.
/// </summary>
internal sealed class CpuProfile
{
    private static readonly double TicksPerSecond = 100.0;
    private readonly Dictionary<string, int> _processes;
    private readonly Dictionary<string, long> _start;
    private readonly long _machineStart = MachineBusyTicks();
    private readonly DateTime _started = DateTime.UtcNow;

    private CpuProfile(Dictionary<string, int> processes)
    {
        _processes = processes;
        _start = processes.ToDictionary(entry => entry.Key, entry => Ticks(entry.Value));
    }

    public static CpuProfile Start(Dictionary<string, int> processes) => new(processes);

    /// <summary>Each process's share of the elapsed wall time, in cores, e.g. "silo 0.92, azurite 0.64".</summary>
    public string Stop() => StopWithSeconds().Summary;

    /// <summary>The summary of <see cref="Stop"/>, and the CPU seconds each named process used.</summary>
    public (string Summary, IReadOnlyDictionary<string, double> CpuSeconds) StopWithSeconds()
    {
        var seconds = (DateTime.UtcNow - _started).TotalSeconds;
        var used = _processes.ToDictionary(entry => entry.Key, entry => (Ticks(entry.Value) - _start[entry.Key]) / TicksPerSecond);
        var cpuSeconds = new Dictionary<string, double>(used);
        used["wrk and the rest"] = Math.Max(0, (MachineBusyTicks() - _machineStart) / TicksPerSecond - used.Values.Sum());

        var summary = "CPU cores used: " + string.Join(", ", used.Select(entry =>
            string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {entry.Value / seconds:F2}"))) +
            string.Create(CultureInfo.InvariantCulture, $" (of {Environment.ProcessorCount})");
        return (summary, cpuSeconds);
    }

    // The first line of /proc/stat: every core's time in each state; all but idle and iowait is busy.
    private static long MachineBusyTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        return fields.Take(8).Sum() - fields[3] - fields[4];
    }

    // Fields 14 and 15 of /proc/PID/stat, after the parenthesised command name: utime and stime in clock ticks.
    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
