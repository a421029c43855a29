namespace Chats.Gateway.Errors;

/// <summary>Turns every failure of a request into a micro-shaped error reply, so nothing escapes as a bare 500.</summary>
internal sealed partial class MicroErrorMiddleware(RequestDelegate next, ILogger<MicroErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var error = MicroError.FromException(exception, context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value.MaxBodyBytes);

            if (error is null)
            {
                LogErrorUnhandled(exception, context.Request.Path);
                error = MicroError.Create("INTERNAL_SERVER_ERROR", StatusCodes.Status500InternalServerError, "Internal error");
            }
            else if (error.Code == StatusCodes.Status503ServiceUnavailable)
            {
                LogWarningUnavailable(exception.GetType().Name, context.Request.Path, exception.Message);
            }

            context.Response.Clear();
            await error.ExecuteAsync(context);
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.UnhandledError, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private partial void LogErrorUnhandled(Exception exception, string path);

    [LoggerMessage(EventId = (int)LogEvents.AnsweredUnavailable, Level = LogLevel.Warning, Message = "Answered 503 on {Path}: {ExceptionType}: {Reason}")]
    private partial void LogWarningUnavailable(string exceptionType, string path, string reason);
}
