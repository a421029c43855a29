namespace Chats.Storage;

/// <summary>A grain state serialized to more bytes than the storage accepts; nothing was written.</summary>
[GenerateSerializer, Alias("chats.grain-state-too-large")]
public sealed class GrainStateTooLargeException : Exception
{
    public GrainStateTooLargeException()
    {
    }

    public GrainStateTooLargeException(string message)
        : base(message)
    {
    }

    public GrainStateTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
