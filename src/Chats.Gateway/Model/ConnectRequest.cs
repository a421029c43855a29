using Chats.Gateway.Connections;

namespace Chats.Gateway.Model;

/// <summary>
/// Connect: <c>{"user_id"?, "cursor"?, "watch"?}</c>, as the first WebSocket frame or the query string of a
/// Server-Sent Events request (whose <c>Last-Event-ID</c> is a cursor; <c>watch</c> there is comma-separated).
/// A user token connects as its user; a server key names <c>user_id</c>. A cursor resumes after the
/// frame that carried it; <c>watch</c> names chats whose members' presence the connection hears.
/// </summary>
public sealed record class ConnectRequest(string UserId, string? Cursor, IReadOnlyList<string>? Watch = null)
{
    internal string UserKey { get; init; } = string.Empty;

    internal ConnectCursor? Position { get; init; }

    /// <summary>The most chats one connection may watch.</summary>
    public const int MaxWatchedChats = 100;

    internal IReadOnlyList<string> WatchKeys { get; init; } = [];

    internal ApiCaller Caller { get; init; } = ApiCaller.Anonymous;

    public static ConnectRequest Read(RequestFields fields)
    {
        var userId = fields.Caller.ActAs(fields.String(nameof(UserId)), MicroError.MissingUserId, MicroError.UserMismatch);
        fields.CheckId(nameof(UserId), userId);
        var cursor = fields.String(nameof(Cursor));
        ConnectCursor? position = null;
        if (!string.IsNullOrEmpty(cursor) && !ConnectCursor.TryParse(cursor, out position))
        {
            throw new MicroErrorException(MicroError.BadRequest("cursor: not a cursor this service gave (send the cursor of the last frame received)"));
        }

        var watch = fields.IdList(nameof(Watch), MaxWatchedChats);
        return new ConnectRequest(userId, cursor, watch)
        {
            UserKey = fields.Caller.Scope(userId), Position = position, WatchKeys = [.. (watch ?? []).Select(fields.ChatKey)], Caller = fields.Caller,
        };
    }
}
