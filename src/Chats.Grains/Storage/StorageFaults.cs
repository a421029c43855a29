using System.Net.Sockets;

namespace Chats.Storage;

/// <summary>Tells storage failures worth retrying later (unreachable, throttled, timed out) from real errors.</summary>
public static class StorageFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };
}
