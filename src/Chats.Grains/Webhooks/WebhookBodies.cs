using Chats.Concurrency;

namespace Chats.Webhooks;

/// <summary>
/// The body of each of a chat's deliveries, made once per event for every endpoint: the API's Event,
/// and for a message.new the members with no open connection (their presence looked up at most once a
/// second: presence is debounced for seconds anyway, and a busy chat's messages share the look).
/// </summary>
internal sealed class WebhookBodies(string chatKey, IGrainFactory grains, Func<IChatGrain> chat, TimeProvider time)
{
    private static readonly TimeSpan OfflineCacheTime = TimeSpan.FromSeconds(1);

    private IReadOnlyList<string>? _members;
    private (IReadOnlyList<string> Members, IReadOnlyList<string> Offline, DateTimeOffset At)? _offline;
    private (long Seq, string Body)? _body;

    /// <summary>The chat's members as of its last commit (from its notice); unknown, they are listed from the chat.</summary>
    public void MembersAre(IReadOnlyList<string> memberIds) => _members = memberIds;

    public async Task<string> OfAsync(ChatEvent chatEvent)
    {
        if (_body is { } body && body.Seq == chatEvent.Seq)
        {
            return body.Body;
        }

        var offline = chatEvent.Type == ChatEventType.MessageNew ? await OfflineMembersAsync() : null;
        var serialized = WebhookPayload.Serialize(chatEvent, offline);
        _body = (chatEvent.Seq, serialized);
        return serialized;
    }

    private async Task<IReadOnlyList<string>> OfflineMembersAsync()
    {
        var now = time.GetUtcNow();
        if (_offline is { } known && now - known.At < OfflineCacheTime && _members is { } current && known.Members.SequenceEqual(current))
        {
            return known.Offline;
        }

        var members = _members ??= await MembersAsync();
        var presence = new UserPresence[members.Count];
        await BoundedFanOut.RunAsync(Enumerable.Range(0, members.Count), async index =>
            presence[index] = await grains.GetGrain<IPresenceGrain>(TenantKeys.ScopeLike(chatKey, members[index])).GetAsync());
        IReadOnlyList<string> offline = [.. members.Where((_, index) => !presence[index].Online)];
        _offline = (members, offline, now);
        return offline;
    }

    private async Task<IReadOnlyList<string>> MembersAsync()
    {
        var members = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await chat().ListMembersAsync(new MemberPageQuery(after, ChatLimits.MaxPageSize));
            members.AddRange(page.Members.Select(member => member.UserId));
            if (!page.HasMore || page.Members.Count == 0)
            {
                return members;
            }

            after = page.Members[^1].UserId;
        }
    }
}
