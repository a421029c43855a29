namespace Chats.Gateway.UserTokens;

/// <summary>
/// Watches the grant of an open stream of a user token: the stream ends with <c>TOKEN_EXPIRED</c> when
/// the token expires, or within a revocation check (the revocation cache's period, at least 1 s) of
/// its revocation.
/// </summary>
public sealed class UserTokenGrantWatch(UserTokenRevocations revocations, IOptions<UserTokenOptions> tokens, TimeProvider time)
{
    private readonly TimeSpan _checkInterval = tokens.Value.RevocationCacheDuration > TimeSpan.FromSeconds(1) ? tokens.Value.RevocationCacheDuration : TimeSpan.FromSeconds(1);

    /// <summary>Calls <paramref name="end"/> once the grant lapses; returns when it did or when <paramref name="cancellationToken"/> fires.</summary>
    public async Task WatchAsync(UserTokenGrant grant, Action<string> end, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var untilExpiry = grant.ExpiresAt - time.GetUtcNow();
                if (untilExpiry <= TimeSpan.Zero)
                {
                    end("the token expired during the stream");
                    return;
                }

                await Task.Delay(untilExpiry < _checkInterval ? untilExpiry : _checkInterval, time, cancellationToken);
                if (grant.IsRevokedBy(await revocations.RevokedBeforeAsync(grant.Tenant, grant.UserId)))
                {
                    end("the token was revoked");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The stream closed.
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            // The cluster is unreachable: the stream ends by its own renewal, not here.
        }
    }
}
