using System.Diagnostics;

namespace Chats.Benchmarks;

/// <summary>A Chats silo or gateway started as its own process from this build's output, as run.sh starts them.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    public static async Task<ServiceProcess> StartAsync(string project, int waitForPort, IDictionary<string, string> environment)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "src", project, "bin", RepositoryRoot.BuildConfiguration, "net10.0", project + ".dll");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { dll }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // A silo's own HTTP port (metrics, health) must not collide with anything: give it a free one.
        start.Environment["Urls"] = $"http://127.0.0.1:{FreePort.Next()}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {project}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await FreePort.WaitUntilOpenAsync(waitForPort, TimeSpan.FromSeconds(120), project);
        return new ServiceProcess(process);
    }

    public int Id => _process.Id;

    /// <summary>The process's resident memory, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
