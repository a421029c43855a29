namespace Chats.Gateway.Errors;

/// <summary>Ends a request with <see cref="Error"/>; thrown while binding a request, answered by <see cref="MicroErrorMiddleware"/>.</summary>
public sealed class MicroErrorException(MicroError error) : Exception(error.Detail)
{
    public MicroError Error { get; } = error;
}
