namespace Chats.Gateway.Connections;

/// <summary>One chat a connection follows: the chat's feed hands its events to the connection's inbox.</summary>
internal sealed class ConnectedChat(string chatKey, ConnectSession session) : IStreamSubscriber
{
    public string ChatKey => chatKey;

    public void Offer(IReadOnlyList<StreamFrame> frames) => session.Post(new ConnectInput.ChatEvents(this, frames));

    public void OfferTyping(TypingNotice notice) => session.PostTyping(new ConnectInput.Typing(this, notice));

    public void End(StreamEndedException reason) => session.Post(new ConnectInput.ChatEnded(this, reason));
}

/// <summary>What reaches a connection, in the order it arrives: a chat's events, the list's changes, a chat's feed ending.</summary>
internal abstract record class ConnectInput
{
    public sealed record class ChatEvents(ConnectedChat Chat, IReadOnlyList<StreamFrame> Frames) : ConnectInput;

    public sealed record class ListChanged(Guid Epoch, IReadOnlyList<ChatListChange> Changes) : ConnectInput;

    public sealed record class Typing(ConnectedChat Chat, TypingNotice Notice) : ConnectInput;

    public sealed record class PresenceChanged(UserPresence Presence) : ConnectInput;

    public sealed record class Watch(IReadOnlyList<string> ChatKeys) : ConnectInput;

    public sealed record class Refused(MicroError Error) : ConnectInput;

    public sealed record class ChatEnded(ConnectedChat Chat, StreamEndedException Reason) : ConnectInput;
}
