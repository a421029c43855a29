using System.Diagnostics;
using Chats.Hosting;

namespace Chats.Testing;

/// <summary>
/// A real Azurite table service on a free loopback port, its data in a temporary folder so it can be
/// stopped and started again with its data (the outage tests do).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chats-azurite-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    /// <summary>The Azurite process id, while it runs.</summary>
    public int ProcessId => _process?.Id ?? 0;

    public string ConnectionString => LocalStorage.AzuriteConnectionString.Replace(":10002/", $":{Port}/", StringComparison.Ordinal);

    /// <summary>Starts Azurite on a new data folder, holding a copy of <paramref name="seedDirectory"/>'s files when given.</summary>
    public static async Task<AzuriteProcess> StartNewAsync(string? seedDirectory = null)
    {
        var azurite = new AzuriteProcess();
        foreach (var file in seedDirectory is null ? [] : Directory.GetFiles(seedDirectory))
        {
            File.Copy(file, Path.Combine(azurite._dataDirectory, Path.GetFileName(file)));
        }

        await azurite.StartAsync();
        return azurite;
    }

    public async Task StartAsync()
    {
        var executable = Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run ./test.sh (it runs npm ci).");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                "--max-semi-space-size=32", executable, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--location", _dataDirectory, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await FreePort.WaitUntilOpenAsync(Port, TimeSpan.FromSeconds(30), "Azurite");
    }

    /// <summary>Stops Azurite: gracefully (SIGINT, which makes it save its data) or at once (SIGKILL).</summary>
    public async Task StopAsync(bool graceful = false)
    {
        if (_process is { HasExited: false })
        {
            if (graceful && Interrupt(_process.Id) == 0)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    // Fall through to the hard stop below.
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
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
