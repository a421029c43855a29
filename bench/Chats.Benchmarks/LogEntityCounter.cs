using System.Diagnostics.Metrics;
using Chats.Diagnostics;

namespace Chats.Benchmarks;

/// <summary>Message-log entities the silo read and wrote while alive, from its meter (TestCluster runs the silo in this process).</summary>
internal sealed class LogEntityCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _read;
    private long _written;

    public LogEntityCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChatsMetrics.MeterName && instrument.Name is "chats.log.entities_read" or "chats.log.entities_written")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "chats.log.entities_read" ? ref _read : ref _written, value));
        _listener.Start();
    }

    public long Read => Interlocked.Read(ref _read);

    public long Written => Interlocked.Read(ref _written);

    public void Dispose() => _listener.Dispose();
}
