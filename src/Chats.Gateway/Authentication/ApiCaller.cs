namespace Chats.Gateway.Authentication;

/// <summary>
/// Who is calling: the tenant whose data the request reaches, the server key's name, and, for a user
/// token, the user it names (who may then act only as themselves).
/// </summary>
public sealed record class ApiCaller(string Tenant, string KeyName, string? UserId = null)
{
    /// <summary>The caller of an open service (no keys and no tenants configured).</summary>
    public static ApiCaller Anonymous { get; } = new(TenantKeys.DefaultTenant, "anonymous");

    /// <summary>Whether the caller holds a user token (rather than a server key).</summary>
    public bool IsUser => UserId is not null;

    /// <summary>What rate limits count per: the user for user tokens, the key for server keys.</summary>
    public string RateLimitPartition => UserId is { } user ? $"user:{Tenant}:{user}" : $"key:{KeyName}";

    /// <summary>The grain key of a tenant-local id (a user) for this caller.</summary>
    public string Scope(string key) => TenantKeys.Scope(Tenant, key);

    /// <summary>
    /// The user a request acts as: for a user token, its user (a named one must be the same, else
    /// <paramref name="mismatch"/>); for a server key, the named one (none: <paramref name="missing"/>).
    /// </summary>
    public string ActAs(string? named, MicroError missing, MicroError mismatch)
    {
        if (UserId is { } user)
        {
            return string.IsNullOrEmpty(named) || named == user ? user : throw new MicroErrorException(mismatch);
        }

        return string.IsNullOrEmpty(named) ? throw new MicroErrorException(missing) : named;
    }

    /// <summary>
    /// The user a request may name (a reader, a deleter): for a user token, its user (a named one must
    /// be the same, else <paramref name="mismatch"/>); for a server key, the named one, or null.
    /// </summary>
    public string? ActAsIfNamed(string? named, MicroError mismatch) =>
        IsUser ? ActAs(named, MicroError.MissingUserId, mismatch) : string.IsNullOrEmpty(named) ? null : named;

    /// <summary>
    /// The grain key of a chat id for this caller, or null when the id cannot name a chat: longer than
    /// <paramref name="maxIdLength"/> or, scoped and escaped, than a grain-state key may be (chat ids are
    /// UUIDs), or holding control characters (U+0001 marks tenant keys).
    /// </summary>
    public string? ChatKeyOf(string chatId, int maxIdLength) =>
        chatId.Length > maxIdLength || chatId.Any(char.IsControl) || Scope(chatId) is not { Length: <= StorageKeys.MaxStateKeyLength } key
            ? null
            : key;

    /// <summary>Lets handlers take the caller as a parameter.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context) => ValueTask.FromResult<ApiCaller?>(context.GetCaller());
}
