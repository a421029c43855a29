using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Apis;

/// <summary>SendTyping: heard by the chat's other members on their connections and event streams, never stored.</summary>
public static class TypingApi
{
    public static async Task<Results<JsonReply<SendTypingResponse>, MicroError>> SendTypingAsync(SendTypingRequest request, ChatGrainReferences chats) =>
        await chats.Get(request.ChatKey).SendTypingAsync(request.UserId, request.Typing) switch
        {
            ChangeOutcome.ChatNotFound => MicroError.ChatNotFound,
            ChangeOutcome.NotAMember => MicroError.NotAMemberToRead,
            _ => JsonReply.Ok(new SendTypingResponse()),
        };
}
