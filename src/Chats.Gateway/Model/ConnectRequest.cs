using Chats.Gateway.Connections;

namespace Chats.Gateway.Model;

/// <summary>
/// Connect: <c>{"user_id"?, "cursor"?}</c>, as the first WebSocket frame or the query string of a
/// Server-Sent Events request (whose <c>Last-Event-ID</c> is a cursor). A user token connects as its
/// user; a server key names <c>user_id</c>. A cursor resumes after the frame that carried it.
/// </summary>
public sealed record class ConnectRequest(string UserId, string? Cursor)
{
    internal string UserKey { get; init; } = string.Empty;

    internal ConnectCursor? Position { get; init; }

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

        return new ConnectRequest(userId, cursor) { UserKey = fields.Caller.Scope(userId), Position = position };
    }
}
