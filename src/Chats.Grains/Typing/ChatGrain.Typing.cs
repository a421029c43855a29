using Chats.Typing;

namespace Chats;

/// <summary>Typing: heard by the chat's observers as it happens, never stored; it lapses on its own and stops when the member posts.</summary>
internal sealed partial class ChatGrain
{
    private ChatTyping? _typing;
    private IGrainTimer? _typingTimer;

    public async Task<ChangeOutcome> SendTypingAsync(string userId, bool typing)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!await ExistsAsync())
        {
            return ChangeOutcome.ChatNotFound;
        }

        if (!Log.Roster.Contains(userId))
        {
            return ChangeOutcome.NotAMember;
        }

        _typing ??= new ChatTyping(time);
        if (typing ? _typing.Start(userId) : _typing.Stop(userId))
        {
            PublishTyping(userId, typing);
        }

        if (_typing.Any)
        {
            _typingTimer ??= this.RegisterGrainTimer(ExpireTypingAsync, ChatLimits.TypingInterval, ChatLimits.TypingInterval);
        }

        return ChangeOutcome.Changed;
    }

    private void StopTyping(string userId)
    {
        if (_typing?.Stop(userId) == true)
        {
            PublishTyping(userId, typing: false);
        }
    }

    private void PublishTyping(string userId, bool typing) =>
        Observers.PublishTyping(new TypingNotice(this.GetPrimaryKeyString(), userId, typing, time.GetUtcNow()));

    private Task ExpireTypingAsync(CancellationToken cancellationToken)
    {
        foreach (var userId in _typing?.Expire() ?? [])
        {
            PublishTyping(userId, typing: false);
        }

        if (_typing?.Any != true)
        {
            _typingTimer?.Dispose();
            _typingTimer = null;
        }

        return Task.CompletedTask;
    }
}
