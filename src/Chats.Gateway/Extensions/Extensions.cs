using Chats.Webhooks;
using Microsoft.AspNetCore.Cors.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Diagnostics;

namespace Chats.Gateway.Extensions;

/// <summary>Service registration and middleware of the gateway.</summary>
public static class Extensions
{
    public static WebApplicationBuilder AddChatsGateway(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<ChatsApiLimits>().BindConfiguration(ChatsApiLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Our replies go through JsonReplyWriter; these serve what else ASP.NET Core writes as JSON, in the same spelling.
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatsJsonContext.Default);
        });

        // Stream takes its request in the query string: let a long one reach the API's own checks (and
        // their micro-shaped 400/404) instead of Kestrel's bare 414 at 8 KiB.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = 32 * 1024);
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateOnStart()
            .Validate(keys => keys.Keys.All(key => Validator.TryValidateObject(key, new ValidationContext(key), null, validateAllProperties: true)),
                "Chats:Auth:Keys: each key needs Sha256 (64 hex digits), and Tenant/Name made of letters, digits, '.', '_' or '-'.");
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddSingleton<ChatGrainReferences>();
        builder.Services.AddSingleton<RequestReader>();
        builder.Services.AddChatsAuthentication();
        builder.Services.AddSingleton<ChatsApiRoutes>();
        builder.Services.AddChatsHealthChecks();
        builder.Services.AddChatsMetrics("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", GatewayMetrics.MeterName);
        builder.Services.AddChatsRateLimiting();
        builder.Services.AddOptions<ChatStreamOptions>().BindConfiguration(ChatStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ChatStreamHub>();
        builder.Services.AddSingleton<ConnectRegistry>();
        builder.Services.AddSingleton<UserListFeeds>();
        builder.Services.AddSingleton<PresenceHub>();
        builder.Services.AddSingleton<MemberPresence>();
        builder.Services.AddOptions<ChatsPresenceOptions>().BindConfiguration(ChatsPresenceOptions.Section);
        builder.Services.AddHostedService<ChatStreamRenewalService>();

        // The before-send hook: called from here, through the same guarded, signing client as deliveries.
        builder.Services.AddOptions<WebhookTargetOptions>().BindConfiguration(WebhookTargetOptions.Section);
        builder.Services.AddSingleton<WebhookAddressPolicy>();
        builder.Services.AddSingleton(services => new WebhookHttp(services.GetRequiredService<WebhookAddressPolicy>(), BeforeSendHooks.MaxBudget));
        builder.Services.AddSingleton<BeforeSendHooks>();
        builder.Services.AddScoped<StreamServices>();
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<ChatsOpenApiDocumentTransformer>().AddSchemaTransformer<ChatsOpenApiSchemaTransformer>());

        builder.Services.AddOptions<ChatsCorsOptions>().BindConfiguration(ChatsCorsOptions.Section).ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<ChatsCorsOptions>, IHostEnvironment>((options, cors, environment) =>
        {
            // Credentials travel in Authorization or access_token, never in cookies: any origin by default.
            var origins = cors.Value.AllowedOrigins.Length > 0 ? cors.Value.AllowedOrigins : ["*"];
            options.AddDefaultPolicy(policy => ConfigureCors(policy, origins));
        });

        var cluster = configuration.GetChatsClusterOptions();
        builder.UseOrleansClient(client =>
        {
            client.UseChatsClustering(cluster);
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
        });
        return builder;
    }

    public static WebApplication UseChatsGateway(this WebApplication app)
    {
        WarnIfOpen(app);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<MicroErrorMiddleware>();
        app.UseStatusCodePages(WriteStatusAsMicroErrorAsync);

        // The web page at / (wwwroot): plain HTML and JavaScript on the public API. Before routing,
        // so the API's catch-all 404 does not claim its files.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapOpenApi();
        app.MapChatsHealthChecks();
        app.MapChatsMetrics();
        return app;
    }

    /// <summary>Answers unknown paths with a micro-shaped 404, and other methods than POST on API paths with a 405.</summary>
    public static IEndpointRouteBuilder MapFallbackToMicroNotFound(this IEndpointRouteBuilder app)
    {
        app.MapFallback(IResult (HttpContext context, ChatsApiRoutes routes) =>
        {
            if (!routes.Contains(context.Request.Path))
            {
                return MicroError.Create("NOT_FOUND", StatusCodes.Status404NotFound, "No such path");
            }

            // An API path on another method: the credential first, as on the route itself.
            if (context.User.Identity?.IsAuthenticated != true)
            {
                return Results.Challenge();
            }

            context.Response.Headers.Allow = "POST";
            return MicroError.Create("METHOD_NOT_ALLOWED", StatusCodes.Status405MethodNotAllowed, "Only POST is allowed");
        });
        return app;
    }

    private static void WarnIfOpen(WebApplication app)
    {
        if (app.Services.GetRequiredService<ChatsAccessMode>().IsOpen)
        {
            app.Logger.LogWarning("No API keys (Chats:Auth:Keys) and no tenants (Chats:Auth:Tenants) are configured: the API is open to anyone who can reach it");
        }
    }

    private static void ConfigureCors(CorsPolicyBuilder policy, string[] origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        policy.WithMethods("POST", "GET").WithHeaders("Content-Type", "Authorization", "Micro-Namespace", "Last-Event-ID", "X-Request-Id")
            .WithExposedHeaders("X-Request-Id", "Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1));
    }

    // Status codes produced outside the handlers (405 on a known path, for instance) get the micro shape too.
    private static Task WriteStatusAsMicroErrorAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var id = status switch
        {
            StatusCodes.Status404NotFound => "NOT_FOUND",
            StatusCodes.Status405MethodNotAllowed => "METHOD_NOT_ALLOWED",
            StatusCodes.Status413PayloadTooLarge => "REQUEST_TOO_LARGE",
            _ => "BAD_REQUEST",
        };
        var error = MicroError.Create(id, status, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status));
        return error.ExecuteAsync(context.HttpContext);
    }
}
