using Orleans.Runtime;
using Orleans.Storage;

namespace Chats.Gateway.Errors;

/// <summary>Which exceptions of a grain call mean "storage or cluster unreachable, retry later".</summary>
internal static class UnavailableExceptions
{
    public static bool Matches(Exception exception) => exception switch
    {
        ChatStorageUnavailableException or InconsistentStateException or TimeoutException => true,

        // Silo unavailable, message rejected, connection lost, and storage failures wrapped by the runtime.
        OrleansException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Matches),
        _ => false,
    };
}
