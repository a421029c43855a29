using System.Diagnostics;
using Chats.Hosting;

namespace Chats.Testing;

/// <summary>
/// A real Azurite table service on a free loopback port, its data in a temporary folder so it can be
/// stopped and started again with its data (the outage tests do); with <see cref="WithBlobs"/>, its
/// blob service too (a second process on the same folder, as run.sh starts it).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chats-azurite-").FullName;
    private Process? _process;
    private Process? _blobProcess;

    public int Port { get; } = FreePort.Next();

    /// <summary>The blob service's port (nothing listens on it unless <see cref="WithBlobs"/>).</summary>
    public int BlobPort { get; } = FreePort.Next();

    public bool WithBlobs { get; private init; }

    /// <summary>The Azurite process id, while it runs.</summary>
    public int ProcessId => _process?.Id ?? 0;

    public string ConnectionString => LocalStorage.AzuriteConnectionString
        .Replace(":10002/", $":{Port}/", StringComparison.Ordinal).Replace(":10000/", $":{BlobPort}/", StringComparison.Ordinal);

    /// <summary>Starts Azurite on a new data folder, holding a copy of <paramref name="seedDirectory"/>'s files when given.</summary>
    public static async Task<AzuriteProcess> StartNewAsync(string? seedDirectory = null, bool withBlobs = false)
    {
        var azurite = new AzuriteProcess { WithBlobs = withBlobs };
        foreach (var file in seedDirectory is null ? [] : Directory.GetFiles(seedDirectory))
        {
            File.Copy(file, Path.Combine(azurite._dataDirectory, Path.GetFileName(file)));
        }

        await azurite.StartAsync();
        return azurite;
    }

    public async Task StartAsync()
    {
        _process = await StartServiceAsync("table", Port);
        if (WithBlobs)
        {
            _blobProcess = await StartServiceAsync("blob", BlobPort);
        }
    }

    private async Task<Process> StartServiceAsync(string service, int port)
    {
        var executable = Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", service, "main.js");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run ./test.sh (it runs npm ci).");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                "--max-semi-space-size=32", executable, $"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--location", _dataDirectory, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start Azurite's {service} service.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await FreePort.WaitUntilOpenAsync(port, TimeSpan.FromSeconds(30), $"Azurite ({service})");
        return process;
    }

    /// <summary>Stops Azurite: gracefully (SIGINT, which makes it save its data) or at once (SIGKILL).</summary>
    public async Task StopAsync(bool graceful = false)
    {
        await StopAsync(_process, graceful);
        await StopAsync(_blobProcess, graceful);
        _process = _blobProcess = null;
    }

    private static async Task StopAsync(Process? process, bool graceful)
    {
        if (process is { HasExited: false })
        {
            if (graceful && Interrupt(process.Id) == 0)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    // Fall through to the hard stop below.
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process?.Dispose();
    }

    private static int Interrupt(int processId) => Kill(processId, 2);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the system temp directory.
        }
    }
}
