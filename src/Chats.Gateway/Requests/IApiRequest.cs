using System.Reflection;

namespace Chats.Gateway.Requests;

/// <summary>A request record read from its fields; minimal APIs bind it from the request body through <see cref="RequestReader"/>.</summary>
public interface IApiRequest<TSelf> : IBindableFromHttpContext<TSelf>
    where TSelf : class, IApiRequest<TSelf>
{
    /// <summary>Reads and checks the request, in the order its errors are reported.</summary>
    static abstract TSelf Read(RequestFields fields);

    static async ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) =>
        TSelf.Read(await context.RequestServices.GetRequiredService<RequestReader>().ReadBodyAsync(context));
}
