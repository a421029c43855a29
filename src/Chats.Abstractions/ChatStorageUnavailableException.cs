namespace Chats;

/// <summary>
/// Storage could not be reached or did not answer in time. The operation had no effect, or its
/// effect is unknown and repeating it with the same message id is safe.
/// </summary>
[GenerateSerializer, Alias("chats.storage-unavailable")]
public sealed class ChatStorageUnavailableException : Exception
{
    public ChatStorageUnavailableException()
    {
    }

    public ChatStorageUnavailableException(string message)
        : base(message)
    {
    }

    public ChatStorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
